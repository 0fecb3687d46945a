import type { Services } from '../core/services.js';

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
const add = ({ redis, queuePrefix }: Counting, fields: Array<[string, number]>) => {
  const tx = redis.multi();
  for (const [field, by] of fields) tx.hincrbyfloat(keyOf(queuePrefix), field, by);
  return tx.exec();
};

export const countCommand = (s: Counting, command: string, outcome: CommandOutcome) => add(s, [[`command|${command}|${outcome}`, 1]]);

/** One reply's latency (receipt to replies queued): a bucket for each bound it is within, sum and count. */
export const countReplyLatency = (s: Counting, seconds: number) =>
  add(s, [...LATENCY_BUCKETS.filter((le) => seconds <= le).map((le): [string, number] => [`latency|${le}`, 1]), ['latency|sum', seconds], ['latency|count', 1]]);

export const countThrottled = (s: Counting, platform: string, scope: string) => add(s, [[`throttled|${platform}|${scope}`, 1]]);

export const countReminder = (s: Counting, kind: string, fate: 'onTime' | 'late') => add(s, [[`reminder|${kind}|${fate}`, 1]]);

/** Every count, as `field → value` (fields split at `|`). */
export async function readWorkCounts({ redis, queuePrefix }: Counting): Promise<Array<{ parts: string[]; value: number }>> {
  const all = await redis.hgetall(keyOf(queuePrefix));
  return Object.entries(all).map(([field, value]) => ({ parts: field.split('|'), value: Number(value) }));
}
