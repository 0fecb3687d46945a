/**
 * How long scheduling reminders takes, and how late they fire. Schedules COUNT one-off reminder
 * jobs with `scheduleAt` (stable ids, 50 in flight, as the planners do) on a fresh Redis, due
 * evenly over SPREAD seconds once scheduling is done; then a worker runs them and records how late
 * each started. The jobs do no work of their own, so this measures the queue, not a reminder's
 * queries (those are bounded by the store: see the reminder tests for what a fire does).
 *
 *   npx tsx bench/reminders.ts [COUNT] [SPREAD_SECONDS] [CONCURRENCY]     defaults: 100000 60 100
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import { systemClock } from '../src/core/clock.js';
import { redisOptions } from '../src/queue/connection.js';
import { scheduleAt } from '../src/queue/delayed.js';
import { inBatches } from '../src/reminders/occurrence.js';
import { freshTempDir, startRedis } from '../src/services/localServices.js';

const COUNT = Number(process.argv[2] ?? 100_000);
const SPREAD_S = Number(process.argv[3] ?? 60);
const CONCURRENCY = Number(process.argv[4] ?? 100);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main(): Promise<void> {
  const dir = freshTempDir('bench-reminders-');
  const redis = await startRedis(join(dir, 'redis'), false);
  const connection = redisOptions(redis.url);
  const queue = new Queue('reminders', { connection, prefix: 'bench' });
  try {
    // Due after scheduling is surely over: first a calibration round of 2,000 tells how fast it goes.
    const calibrate = Date.now();
    await inBatches([...Array(2000).keys()], (i) => scheduleAt(queue, 'calibrate', {}, new Date(Date.now() + 3600_000), `calibrate:${i}`, systemClock));
    const perJobMs = (Date.now() - calibrate) / 2000;
    await queue.obliterate({ force: true });

    const firstDue = Date.now() + COUNT * perJobMs * 1.5 + 5_000;
    const dueAt = (i: number) => firstDue + Math.floor((i / COUNT) * SPREAD_S * 1000);
    const started = Date.now();
    await inBatches([...Array(COUNT).keys()], (i) =>
      scheduleAt(queue, 'remind', { at: dueAt(i) }, new Date(dueAt(i)), `bench:JS-${i % 1000}:${i}`, systemClock),
    );
    const scheduleMs = Date.now() - started;
    // Scheduling again is what every planning tick does: a no-op move of pending jobs.
    const again = Date.now();
    await inBatches([...Array(10_000).keys()], (i) =>
      scheduleAt(queue, 'remind', { at: dueAt(i) }, new Date(dueAt(i)), `bench:JS-${i % 1000}:${i}`, systemClock),
    );
    const againMs = Date.now() - again;
    console.log(`scheduled ${COUNT} reminders in ${(scheduleMs / 1000).toFixed(1)} s (${Math.round(COUNT / (scheduleMs / 1000))}/s); re-scheduling 10,000 pending ones: ${(againMs / 1000).toFixed(1)} s`);
    if (Date.now() > firstDue) console.log('warning: scheduling overran the first due time; lateness includes it');

    const late: number[] = [];
    const worker = new Worker('reminders', async (job) => void late.push(Date.now() - job.data.at), { connection, prefix: 'bench', concurrency: CONCURRENCY });
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (late.length >= COUNT) {
          clearInterval(check);
          resolve();
        }
      }, 200);
    });
    await worker.close();
    late.sort((a, b) => a - b);
    console.log(
      `fired ${COUNT} due over ${SPREAD_S} s (worker concurrency ${CONCURRENCY}): late p50 ${percentile(late, 50)} ms, p99 ${percentile(late, 99)} ms, max ${late[late.length - 1]} ms`,
    );
  } finally {
    await queue.close();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
