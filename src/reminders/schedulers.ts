import type { Runtime } from '../core/runtime.js';
import { CHINA_ZONE_NAME } from '../domain/chinaTime.js';
import { REMINDER_KINDS } from './kinds.js';
import { REMINDER_QUEUE } from './occurrence.js';

const TICK_JOB = 'reminderTick';
const schedulerId = (kind: string) => `tick-${kind}`;

/**
 * Upserts one job scheduler per reminder kind (stable id, cron pattern in China time), which is
 * idempotent: a restart or a second instance neither loses nor duplicates one. Schedulers of kinds
 * that no longer exist are removed. Then every kind plans once now, since a scheduler's first tick
 * waits for its next pattern time and the bot may have been down over a reminder.
 */
export async function upsertReminderSchedulers(runtime: Runtime): Promise<void> {
  if (runtime.services.config.REMINDERS === 'off') return;
  const queue = runtime.services.queue(REMINDER_QUEUE);
  const wanted = new Set(REMINDER_KINDS.map((k) => schedulerId(k.name)));
  for (const kind of REMINDER_KINDS) {
    await queue.upsertJobScheduler(
      schedulerId(kind.name),
      { pattern: kind.tick, tz: CHINA_ZONE_NAME },
      { name: TICK_JOB, data: { kind: kind.name }, opts: { removeOnComplete: { count: 50 }, removeOnFail: { count: 50 } } },
    );
  }
  for (const s of await queue.getJobSchedulers()) {
    if (s.key.startsWith('tick-') && !wanted.has(s.key)) await queue.removeJobScheduler(s.key);
  }
  await queue.addBulk(REMINDER_KINDS.map((k) => ({ name: TICK_JOB, data: { kind: k.name }, opts: { removeOnComplete: { count: 50 } } })));
}
