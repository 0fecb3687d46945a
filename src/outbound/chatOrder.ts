import type { Redis } from 'ioredis';
import type { OutboundMessage } from '../core/types.js';

/** One FIFO per chat (or per person, for private messages): the unit in which order is kept. */
export const chatOrderKey = (msg: Pick<OutboundMessage, 'platform' | 'chatId' | 'userId'>) =>
  msg.chatId ? `${msg.platform}:${msg.chatId}` : `${msg.platform}:user:${msg.userId ?? ''}`;

// Scores are Redis time in ms × 1000 plus a counter, so the order is the enqueue order across
// processes, and a score also tells when its message was registered. ARGV[1] is the key prefix of
// the outbound jobs: a message whose job exists already (a re-enqueue after it was sent) keeps out.
const REGISTER = `
local t = redis.call('TIME')
local ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 2, #ARGV do
  if not redis.call('ZSCORE', KEYS[1], ARGV[i]) and redis.call('EXISTS', ARGV[1] .. ARGV[i]) == 0 then
    local n = redis.call('INCR', KEYS[2]) % 1000
    redis.call('ZADD', KEYS[1], ms * 1000 + n, ARGV[i])
  end
end
return 0`;

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
    private readonly jobKeyPrefix: string,
  ) {}

  private key(chat: string): string {
    return `${this.prefix}:outchat:${chat}`;
  }

  /** Registers message ids in order; ids already registered keep their place. */
  async register(chat: string, ids: string[]): Promise<void> {
    await this.redis.eval(REGISTER, 2, this.key(chat), `${this.prefix}:outchat-seq`, this.jobKeyPrefix, ...ids);
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
