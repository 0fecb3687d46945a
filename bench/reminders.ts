/**
 * How long scheduling reminders takes, and how late they fire. Schedules COUNT one-off reminder
 * jobs with `scheduleAt` (stable ids, 50 in flight, as the planners do) on a fresh Redis, due
 * evenly over SPREAD seconds once scheduling is done; then a worker runs them and records how late
 * each started. The jobs do no work of their own, so this measures the queue, not a reminder's
 * queries (those are bounded by the store: see the reminder tests for what a fire does).
 *
 *   npx tsx bench/reminders.ts [COUNT] [SPREAD_SECONDS] [CONCURRENCY]     defaults: 100000 60 100
 */
import { Queue, Worker } from 'bullmq';
import { systemClock } from '../src/core/clock.js';
import { redisOptions } from '../src/queue/connection.js';
import { scheduleAt } from '../src/queue/delayed.js';
import { inBatches } from '../src/reminders/occurrence.js';
import { atMost, runSection, type Row } from './lib/report.js';
import { withServices } from './lib/services.js';
import { seconds, sleep, spread } from './lib/stats.js';

const COUNT = Number(process.argv[2] ?? 100_000);
const SPREAD_S = Number(process.argv[3] ?? 60);
const CONCURRENCY = Number(process.argv[4] ?? 100);

runSection(() =>
  withServices({ redis: true }, async ({ redisUrl }) => {
    const connection = redisOptions(redisUrl);
    const queue = new Queue('reminders', { connection, prefix: 'bench' });
    try {
      // Due after scheduling is surely over: first a calibration round of 2,000 tells how fast it goes.
      const calibrate = Date.now();
      await inBatches([...Array(2000).keys()], (i) => scheduleAt(queue, 'calibrate', {}, new Date(Date.now() + 3600_000), `calibrate:${i}`, systemClock));
      const perJobMs = (Date.now() - calibrate) / 2000;
      await queue.obliterate({ force: true });

      const firstDue = Date.now() + Math.round(COUNT * perJobMs * 1.5) + 5_000;
      const dueAt = (i: number) => firstDue + Math.floor((i / COUNT) * SPREAD_S * 1000);
      const schedule = (i: number) => scheduleAt(queue, 'remind', { at: dueAt(i) }, new Date(dueAt(i)), `bench:JS-${i % 1000}:${i}`, systemClock);
      const started = Date.now();
      await inBatches([...Array(COUNT).keys()], schedule);
      const scheduleMs = Date.now() - started;
      // Scheduling again is what every planning tick does: a no-op move of pending jobs.
      const again = Date.now();
      await inBatches([...Array(10_000).keys()], schedule);
      const againMs = Date.now() - again;
      console.log(`scheduled ${COUNT} reminders in ${seconds(scheduleMs)} s (${Math.round(COUNT / (scheduleMs / 1000))}/s); re-scheduling 10,000 pending ones: ${seconds(againMs)} s`);
      const overran = Date.now() > firstDue;
      if (overran) console.log('warning: scheduling overran the first due time; lateness includes it');

      const late: number[] = [];
      const worker = new Worker('reminders', async (job) => void late.push(Date.now() - job.data.at), { connection, prefix: 'bench', concurrency: CONCURRENCY });
      while (late.length < COUNT) await sleep(200);
      await worker.close();
      const s = spread(late);
      console.log(`fired ${COUNT} due over ${SPREAD_S} s (worker concurrency ${CONCURRENCY}): late p50 ${s.median} ms, p99 ${s.p99} ms, max ${s.max} ms`);

      const section = 'Reminders';
      const size = `${COUNT.toLocaleString('en-US')} due within ${SPREAD_S} s, worker concurrency ${CONCURRENCY}${overran ? ' (scheduling overran the first due time)' : ''}`;
      const rows: Row[] = [
        { section, measure: 'scheduling rate', size: `${COUNT.toLocaleString('en-US')} one-off jobs with stable ids`, value: Math.round(COUNT / (scheduleMs / 1000)), unit: 'reminders/s' },
        { section, measure: 'lateness, median', size, value: s.median, unit: 'ms' },
        { section, measure: 'lateness, p99', size, value: s.p99, unit: 'ms', ...atMost(s.p99, 1000, 'ms') },
        { section, measure: 'lateness, max', size, value: s.max, unit: 'ms' },
      ];
      return rows;
    } finally {
      await queue.close();
    }
  }),
);
