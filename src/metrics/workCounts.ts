import type { Redis } from 'ioredis';
import type { Services } from '../core/services.js';
import { logger } from '../logger.js';

/**
 * What the bot's processes did, counted in one Redis hash they all add to, so `/metrics` on the
 * console (or any one process) reports the whole deployment: commands by name and outcome, reply
 * latency, sends the platforms throttled, reminders fired on time or late.
 */
type Counting = Pick<Services, 'redis' | 'queuePrefix'>;

export type CommandOutcome = 'ok' | 'rejected' | 'refused' | 'usage' | 'unknown' | 'error';

/** Upper bounds of the reply latency buckets, in seconds (Prometheus' `le`). */
export const LATENCY_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;

const keyOf = (prefix: string) => `${prefix}:metrics`;

/**
 * Counts on their way to Redis, by hash: gathered until the next turn of the event loop, so the
 * messages handled meanwhile add theirs in one pipeline, and no message waits on a count.
 */
const pending = new Map<string, { redis: Redis; fields: Map<string, number>; flushed: Promise<void> }>();

function add({ redis, queuePrefix }: Counting, fields: Array<[string, number]>): void {
  const key = keyOf(queuePrefix);
  let batch = pending.get(key);
  if (!batch) {
    const created = { redis, fields: new Map<string, number>(), flushed: Promise.resolve() };
    created.flushed = new Promise<void>((resolve) => setImmediate(resolve)).then(() => flush(key, created));
    pending.set(key, (batch = created));
  }
  for (const [field, by] of fields) batch.fields.set(field, (batch.fields.get(field) ?? 0) + by);
}

async function flush(key: string, batch: { redis: Redis; fields: Map<string, number> }): Promise<void> {
  pending.delete(key);
  const pipeline = batch.redis.pipeline();
  for (const [field, by] of batch.fields) pipeline.hincrbyfloat(key, field, by);
  // A count lost to a Redis outage is not worth failing or repeating the work it counted.
  await pipeline.exec().catch((err: unknown) => logger.warn({ err }, 'work counts lost'));
}

/** Resolves once this process's counts so far are in Redis (before reading them, or closing). */
export async function flushWorkCounts(): Promise<void> {
  await Promise.all([...pending.values()].map((b) => b.flushed));
}

export const countCommand = (s: Counting, command: string, outcome: CommandOutcome) => add(s, [[`command|${command}|${outcome}`, 1]]);

/** One reply's latency (receipt to replies queued): a bucket for each bound it is within, sum and count. */
export const countReplyLatency = (s: Counting, seconds: number) =>
  add(s, [...LATENCY_BUCKETS.filter((le) => seconds <= le).map((le): [string, number] => [`latency|${le}`, 1]), ['latency|sum', seconds], ['latency|count', 1]]);

export const countThrottled = (s: Counting, platform: string, scope: string) => add(s, [[`throttled|${platform}|${scope}`, 1]]);

export const countReminder = (s: Counting, kind: string, fate: 'onTime' | 'late') => add(s, [[`reminder|${kind}|${fate}`, 1]]);

/** Every count, as `field → value` (fields split at `|`). */
export async function readWorkCounts({ redis, queuePrefix }: Counting): Promise<Array<{ parts: string[]; value: number }>> {
  await flushWorkCounts();
  const all = await redis.hgetall(keyOf(queuePrefix));
  return Object.entries(all).map(([field, value]) => ({ parts: field.split('|'), value: Number(value) }));
}
