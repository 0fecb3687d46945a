import type { Redis } from 'ioredis';
import type { DoneMark } from '../outbound/outbox.js';
import { LuaScript } from '../queue/luaScript.js';

export type EventStatus = 'accepted' | 'done';

/** How long an event's status is kept: platforms redeliver within minutes, a week covers any outage. */
export const EVENT_RETENTION_SECONDS = 7 * 24 * 3600;

// One round trip: claim the event, or say how far it got.
const CLAIM = new LuaScript(`
if redis.call('SET', KEYS[1], 'accepted', 'NX', 'EX', ARGV[1]) then return 'new' end
return redis.call('GET', KEYS[1]) or 'new'`);

/**
 * Where each incoming platform event stands, keyed by its platform id: accepted (its job is queued)
 * or done (its replies are queued). Kept in Redis beside the inbound queue whose jobs it guards:
 * both live or die together (append-only file), and it spares the database three writes a message.
 */
export class EventLedger {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  keyOf(eventKey: string): string {
    return `${this.prefix}:event:${eventKey}`;
  }

  /** Marks a new event accepted; for one seen before, returns where it stands. */
  async claim(eventKey: string): Promise<'new' | EventStatus> {
    return (await CLAIM.run(this.redis, [this.keyOf(eventKey)], [EVENT_RETENTION_SECONDS])) as 'new' | EventStatus;
  }

  async status(eventKey: string): Promise<EventStatus | undefined> {
    return ((await this.redis.get(this.keyOf(eventKey))) as EventStatus | null) ?? undefined;
  }

  async isDone(eventKey: string): Promise<boolean> {
    return (await this.status(eventKey)) === 'done';
  }

  async markDone(eventKey: string): Promise<void> {
    const mark = this.doneMark(eventKey);
    await this.redis.set(mark.key, mark.value, 'EX', mark.seconds);
  }

  /** The write that marks an event done, for a caller that makes it with others in one round trip. */
  doneMark(eventKey: string): DoneMark {
    return { key: this.keyOf(eventKey), value: 'done', seconds: EVENT_RETENTION_SECONDS };
  }

  /** Events whose key matches `pattern` (a Redis glob such as `lark:*`), by status: what the tests check was handled. */
  async count(pattern = '*'): Promise<Record<EventStatus, number>> {
    const counts: Record<EventStatus, number> = { accepted: 0, done: 0 };
    for await (const keys of this.redis.scanStream({ match: this.keyOf(pattern), count: 1000 }) as AsyncIterable<string[]>) {
      if (!keys.length) continue;
      for (const status of await this.redis.mget(keys)) if (status === 'accepted' || status === 'done') counts[status]++;
    }
    return counts;
  }
}
