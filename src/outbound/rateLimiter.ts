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
  /**
   * The platform's own limit, counted when a send arrives there. We cannot see that moment, only
   * that it lies between leaving and the answer, so such a send is counted at its answer (see
   * `RateLimiter.settle`): the next window cannot open before the platform's has, whatever the
   * network and event-loop delays. Our own pacing rules count at leaving.
   */
  onArrival?: boolean;
}

/** A send taken from the limits: what `settle` needs once the platform has answered it. */
export interface SendTicket {
  member: string;
  /** The arrival-counted rules' keys, with their windows. */
  keys: string[];
  windows: number[];
}

export type Acquired = { ticket: SendTicket } | { wait: number };

// KEYS[1] is the pause key (a platform's "retry after"), KEYS[2] a counter for unique members,
// KEYS[3..] one sorted set of send times per rule, with ARGV[2i-1], ARGV[2i] = its limit and window.
// Takes a send from every rule or from none, so a refused attempt costs nothing; returns the
// member it added, as a negative number, or the ms to wait. A send counted at t leaves the window
// at t + window (ZREMRANGEBYSCORE is inclusive), as it does at the platforms: no extra 1 ms, which
// a pacing window of 100 ms would pay a hundred times a second.
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
    local free = tonumber(oldest[2]) + window - now
    if free > wait then wait = free end
  end
end
if wait > 0 then return wait end
local n = redis.call('INCR', KEYS[2])
for i = 3, #KEYS do
  redis.call('ZADD', KEYS[i], now, n)
  redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[2 * i - 4]) + 1000)
end
return -n`;

// Moves a send's time in each KEYS[i] (window ARGV[i + 1]) to now, the moment its answer is in.
// ZADD without XX: a send slower than a window was dropped from it meanwhile, and counts again.
const SETTLE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], now, ARGV[1])
  redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[i + 1]) + 1000)
end
return 0`;

/** Send-rate buckets shared by every bot process through Redis. */
export class RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(rule: RateRule): string {
    return `${this.prefix}:rate:${rule.scope}:${rule.rate.windowMs}`;
  }

  /** Takes one send from every rule, or says how many ms to wait before asking again. */
  async acquire(pauseScope: string, rules: RateRule[]): Promise<Acquired> {
    const keys = [`${this.prefix}:pause:${pauseScope}`, `${this.prefix}:rate-seq`, ...rules.map((r) => this.key(r))];
    const args = rules.flatMap((r) => [r.rate.limit, r.rate.windowMs]);
    const result = Number(await this.redis.eval(ACQUIRE, keys.length, ...keys, ...args));
    if (result > 0) return { wait: result };
    const arrival = rules.filter((r) => r.onArrival);
    return { ticket: { member: String(-result), keys: arrival.map((r) => this.key(r)), windows: arrival.map((r) => r.rate.windowMs) } };
  }

  /** Counts a send at the moment the platform answered it (whether it took it or not). */
  async settle(ticket: SendTicket): Promise<void> {
    if (!ticket.keys.length) return;
    await this.redis.eval(SETTLE, ticket.keys.length, ...ticket.keys, ticket.member, ...ticket.windows);
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
