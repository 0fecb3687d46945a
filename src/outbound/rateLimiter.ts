import type { Redis } from 'ioredis';
import { LuaScript } from '../queue/luaScript.js';

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

// `acquire(pauseKey, seqKey, ruleKeys, args)`: pauseKey holds a platform's "retry after", seqKey
// counts unique members, ruleKeys are one sorted set of send times per rule, with args[2i-1],
// args[2i] = its limit and window. Takes a send from every rule or from none, so a refused attempt
// costs nothing; returns the member it added, as a negative number, or the ms to wait. A send
// counted at t leaves the window at t + window (ZREMRANGEBYSCORE is inclusive), as it does at the
// platforms: no extra 1 ms, which a pacing window of 100 ms would pay a hundred times a second.
// A function, so the direct reply (outbox.ts) takes its chat's turn and the send in one script.
export const ACQUIRE_FN = `
local function acquire(pauseKey, seqKey, ruleKeys, args)
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  local wait = 0
  local paused = tonumber(redis.call('GET', pauseKey) or '0')
  if paused > now then wait = paused - now end
  for i = 1, #ruleKeys do
    local limit = tonumber(args[2 * i - 1])
    local window = tonumber(args[2 * i])
    redis.call('ZREMRANGEBYSCORE', ruleKeys[i], '-inf', now - window)
    if redis.call('ZCARD', ruleKeys[i]) >= limit then
      local oldest = redis.call('ZRANGE', ruleKeys[i], 0, 0, 'WITHSCORES')
      local free = tonumber(oldest[2]) + window - now
      if free > wait then wait = free end
    end
  end
  if wait > 0 then return wait end
  local n = redis.call('INCR', seqKey)
  for i = 1, #ruleKeys do
    redis.call('ZADD', ruleKeys[i], now, n)
    redis.call('PEXPIRE', ruleKeys[i], tonumber(args[2 * i]) + 1000)
  end
  return -n
end`;

// `settle(keys, member, windows)` moves a send's time in each keys[i] (window windows[i]) to now,
// the moment its answer is in. ZADD without XX: a send slower than a window was dropped from it
// meanwhile, and counts again.
export const SETTLE_FN = `
local function settle(keys, member, windows)
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  for i = 1, #keys do
    redis.call('ZADD', keys[i], now, member)
    redis.call('PEXPIRE', keys[i], tonumber(windows[i]) + 1000)
  end
end`;

const ACQUIRE = new LuaScript(`${ACQUIRE_FN}
return acquire(KEYS[1], KEYS[2], {unpack(KEYS, 3)}, ARGV)`);

const SETTLE = new LuaScript(`${SETTLE_FN}
settle(KEYS, ARGV[1], {unpack(ARGV, 2)})
return 0`);

/** Send-rate buckets shared by every bot process through Redis. */
export class RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  key(rule: RateRule): string {
    return `${this.prefix}:rate:${rule.scope}:${rule.rate.windowMs}`;
  }

  /** Takes one send from every rule, or says how many ms to wait before asking again. */
  async acquire(pauseScope: string, rules: RateRule[]): Promise<Acquired> {
    const { keys, args } = this.acquireArgs(pauseScope, rules);
    return this.acquired(rules, Number(await ACQUIRE.run(this.redis, keys, args)));
  }

  /** The keys and arguments of `acquire(…)` in Lua: the pause key, the member counter, then one key per rule. */
  acquireArgs(pauseScope: string, rules: RateRule[]): { keys: string[]; args: number[] } {
    return {
      keys: [`${this.prefix}:pause:${pauseScope}`, `${this.prefix}:rate-seq`, ...rules.map((r) => this.key(r))],
      args: rules.flatMap((r) => [r.rate.limit, r.rate.windowMs]),
    };
  }

  /** What `acquire(…)` in Lua answered: a wait, or the member taken as a ticket. */
  acquired(rules: RateRule[], result: number): Acquired {
    if (result > 0) return { wait: result };
    const arrival = rules.filter((r) => r.onArrival);
    return { ticket: { member: String(-result), keys: arrival.map((r) => this.key(r)), windows: arrival.map((r) => r.rate.windowMs) } };
  }

  /** Counts a send at the moment the platform answered it (whether it took it or not). */
  async settle(ticket: SendTicket): Promise<void> {
    if (!ticket.keys.length) return;
    await SETTLE.run(this.redis, ticket.keys, [ticket.member, ...ticket.windows]);
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
