import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { atLocal } from '../../src/domain/chinaTime.js';
import { jobIdOf } from '../../src/queue/jobIds.js';
import { REMINDER_KINDS } from '../../src/reminders/kinds.js';
import { REMINDER_QUEUE } from '../../src/reminders/occurrence.js';
import { phoneOf, seedSmallDistrict } from '../support/fixtures.js';
import { startTestApp, waitFor, type TestApp } from '../support/testApp.js';

// Its own file: the apps here share one database, and the store connection is per process.

const idle = (t: TestApp, queue: string, states: Array<'waiting' | 'active' | 'delayed' | 'prioritized'>) =>
  waitFor(async () => Object.values(await t.app.queue(queue).getJobCounts(...states)).every((n) => n === 0) || undefined, 15_000, `${queue} idle`);

describe('reminders across restarts and instances', () => {
  it('upserts one scheduler per kind; killing and restarting (twice at once) loses and duplicates no reminder', async () => {
    const clock = new ManualClock(atLocal('2026-11-20', '10:00'));
    const env = { REMINDERS: 'on' };
    const seeder = await startTestApp({ clock });
    await seedSmallDistrict();
    await seeder.close();

    const first = await startTestApp({ clock, env, dbName: seeder.dbName });
    const queue = first.app.queue(REMINDER_QUEUE);
    // Planned by the start-up ticks, without anyone asking.
    await waitFor(async () => (await queue.getJob(jobIdOf('report-due:JS:2026-11'))) ?? undefined, 15_000, 'planned at start');
    expect((await queue.getJobSchedulers()).map((s) => s.key).sort()).toEqual(REMINDER_KINDS.map((k) => `tick-${k.name}`).sort());
    await idle(first, REMINDER_QUEUE, ['waiting', 'active']);
    await first.close();

    const [second, third] = await Promise.all([
      startTestApp({ clock, env, dbName: seeder.dbName }),
      startTestApp({ clock, env, dbName: seeder.dbName }),
    ]);
    try {
      await idle(second, REMINDER_QUEUE, ['waiting', 'active']);
      const q = second.app.queue(REMINDER_QUEUE);
      const schedulers = await q.getJobSchedulers();
      expect(schedulers).toHaveLength(REMINDER_KINDS.length);
      expect(schedulers.every((s) => s.pattern && s.tz === 'Asia/Shanghai')).toBe(true);
      // One pending tick per scheduler, not one per start.
      const ticks = (await q.getDelayed()).filter((j) => j.name === 'reminderTick');
      expect(ticks).toHaveLength(REMINDER_KINDS.length);
      const due = (await q.getDelayed()).filter((j) => j.id === jobIdOf('report-due:JS:2026-11'));
      expect(due).toHaveLength(1);
      expect(due[0]!.data.plannedFor).toBe(atLocal('2026-11-25', '09:00').toISOString());

      clock.set(atLocal('2026-11-25', '09:00'));
      const dueJobs = (await q.getDelayed()).filter((j) => j.name === 'reportDue');
      await Promise.all(dueJobs.map((j) => j.promote()));
      await idle(second, REMINDER_QUEUE, ['waiting', 'active']);
      await Promise.all([idle(second, 'outbound', ['waiting', 'active', 'delayed']), idle(third, 'outbound', ['waiting', 'active', 'delayed'])]);
      const sent = [...second.sender.sent, ...third.sender.sent].filter((m) => m.text.includes('月报今日截止'));
      expect(sent.map((m) => m.userId).sort()).toEqual([phoneOf('leader1'), phoneOf('leader2'), phoneOf('leaderXQ')].sort());
    } finally {
      await Promise.all([second.close(), third.close()]);
    }
  });
});
