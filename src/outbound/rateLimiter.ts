import type { Redis } from 'ioredis';

/** At most `limit` sends in any `windowMs` (a sliding window: bursts up to the limit are fine). */
export interface Rate {
  limit: number;
  windowMs: number;
}

export interface RateRule {
  /** What the rate applies to, e.g. "lark:app" or "lark:oc_123". */
  scope: string;
  rate: Rate;
}

// KEYS[1] is the pause key (a platform's "retry after"), KEYS[2] a counter for unique members,
// KEYS[3..] one sorted set of send times per rule, with ARGV[2i-1], ARGV[2i] = its limit and window.
// Takes a send from every rule or from none, so a refused attempt costs nothing.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local wait = 0
local paused = tonumber(redis.call('GET', KEYS[1]) or '0')
if paused > now then wait = paused - now end
for i = 3, #KEYS do
  local limit = tonumber(ARGV[2 * i - 5])
  local window = tonumber(ARGV[2 * i - 4])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  if redis.call('ZCARD', KEYS[i]) >= limit then
    local oldest = redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')
    local free = tonumber(oldest[2]) + window - now + 1
    if free > wait then wait = free end
  end
end
if wait > 0 then return wait end
local n = redis.call('INCR', KEYS[2])
for i = 3, #KEYS do
  redis.call('ZADD', KEYS[i], now, n)
  redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[2 * i - 4]) + 1000)
end
return 0`;

/** Send-rate buckets shared by every bot process through Redis. */
export class RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Takes one send from every rule, or returns how many ms to wait before asking again. */
  async acquire(pauseScope: string, rules: RateRule[]): Promise<number> {
    const keys = [
      `${this.prefix}:pause:${pauseScope}`,
      `${this.prefix}:rate-seq`,
      ...rules.map((r) => `${this.prefix}:rate:${r.scope}:${r.rate.windowMs}`),
    ];
    const args = rules.flatMap((r) => [r.rate.limit, r.rate.windowMs]);
    return Number(await this.redis.eval(ACQUIRE, keys.length, ...keys, ...args));
  }

  /** Holds every send of a scope back for `ms` (the platform said when to retry). */
  async pause(scope: string, ms: number): Promise<void> {
    const key = `${this.prefix}:pause:${scope}`;
    const [sec, micro] = await this.redis.time();
    const until = Number(sec) * 1000 + Math.floor(Number(micro) / 1000) + ms;
    const current = Number((await this.redis.get(key)) ?? 0);
    if (until > current) await this.redis.set(key, until, 'PX', ms + 1000);
  }
}
