import type { Redis } from 'ioredis';
import type { OutboundMessage } from '../core/types.js';
import { LuaScript } from '../queue/luaScript.js';

/** One FIFO per chat (or per person, for private messages): the unit in which order is kept. */
export const chatOrderKey = (msg: Pick<OutboundMessage, 'platform' | 'chatId' | 'userId'>) =>
  msg.chatId ? `${msg.platform}:${msg.chatId}` : `${msg.platform}:user:${msg.userId ?? ''}`;

// Scores are Redis time in ms × 1000 plus a counter, so the order is the enqueue order across
// processes, and a score also tells when its message was registered. A message already sent keeps
// out: its job exists (`jobPrefix` .. id, a re-enqueue after it was sent) or it went out directly
// (`sentPrefix` .. id, see `Outbox.reply`). A function, so the direct reply registers in its script.
export const REGISTER_FN = `
local function register(chatKey, seqKey, jobPrefix, sentPrefix, ids)
  local t = redis.call('TIME')
  local ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  for i = 1, #ids do
    if not redis.call('ZSCORE', chatKey, ids[i]) and redis.call('EXISTS', jobPrefix .. ids[i], sentPrefix .. ids[i]) == 0 then
      local n = redis.call('INCR', seqKey) % 1000
      redis.call('ZADD', chatKey, ms * 1000 + n, ids[i])
    end
  end
end`;

const REGISTER = new LuaScript(`${REGISTER_FN}
register(KEYS[1], KEYS[2], ARGV[1], ARGV[2], {unpack(ARGV, 3)})
return 0`);

/** How long a message sent directly is remembered as sent: as long as a completed job is kept. */
export const SENT_RETENTION_SECONDS = 24 * 3600;

export type Turn =
  | { state: 'head' }
  /** Not registered: already sent (or dead-lettered) by an earlier run of the same job. */
  | { state: 'gone' }
  | { state: 'wait'; head: string; registeredAt: number };

/**
 * BullMQ OSS has no job groups, so per-chat order is kept here: each queued message is registered
 * in its chat's sorted set before its job is added, and only the oldest registered message of a
 * chat may be sent. The others park as delayed jobs and the sender of the head wakes the next one,
 * so many chats proceed in parallel while each one stays in order.
 */
export class ChatOrder {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** Where the outbound queue keeps its jobs: `${jobKeyPrefix}${jobId}`. */
    readonly jobKeyPrefix: string,
  ) {}

  key(chat: string): string {
    return `${this.prefix}:outchat:${chat}`;
  }

  get seqKey(): string {
    return `${this.prefix}:outchat-seq`;
  }

  /** Where a message sent directly is marked sent: `${sentPrefix}${id}`. */
  get sentPrefix(): string {
    return `${this.prefix}:outsent:`;
  }

  /** Registers message ids in order; ids already registered keep their place. */
  async register(chat: string, ids: string[]): Promise<void> {
    await REGISTER.run(this.redis, [this.key(chat), this.seqKey], [this.jobKeyPrefix, this.sentPrefix, ...ids]);
  }

  async turn(chat: string, id: string): Promise<Turn> {
    const [[, score], [, head]] = (await this.redis
      .multi()
      .zscore(this.key(chat), id)
      .zrange(this.key(chat), 0, 0, 'WITHSCORES')
      .exec()) as [[null, string | null], [null, string[]]];
    if (score === null) return { state: 'gone' };
    if (head[0] === id) return { state: 'head' };
    return { state: 'wait', head: head[0]!, registeredAt: Math.floor(Number(head[1]) / 1000) };
  }

  /** Removes a finished message and returns the chat's next one, if any. */
  async release(chat: string, id: string): Promise<string | undefined> {
    const [, [, next]] = (await this.redis.multi().zrem(this.key(chat), id).zrange(this.key(chat), 0, 0).exec()) as [
      unknown,
      [null, string[]],
    ];
    return next[0];
  }

  async pending(chat: string): Promise<number> {
    return this.redis.zcard(this.key(chat));
  }
}
