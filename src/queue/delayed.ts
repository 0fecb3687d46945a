import { DelayedError, type Job, type JobsOptions, type Queue } from 'bullmq';
import type { Clock } from '../core/clock.js';
import { jobIdOf } from './jobIds.js';

/**
 * A one-off job due at a moment, kept in Redis so it survives restarts. The stable id (one per
 * occurrence, e.g. "report-due:JS-01:2026-12") makes scheduling idempotent: scheduling it again moves
 * a pending one, and leaves one that already fired alone.
 * Handlers must re-check that the work is still due (the clock may be injected, and a moved or
 * cancelled item can still fire once).
 */
export async function scheduleAt<D>(
  queue: Queue,
  name: string,
  data: D,
  at: Date,
  id: string,
  clock: Clock,
  retry: Pick<JobsOptions, 'attempts' | 'backoff'> = {},
): Promise<void> {
  const jobId = jobIdOf(id);
  const existing = await queue.getJob(jobId);
  if (existing) {
    const state = await existing.getState();
    // Done or running: this occurrence has fired, and firing it again would be a duplicate.
    if (state === 'completed' || state === 'active') return;
    await existing.remove();
  }
  await queue.add(name, data, { ...retry, jobId, delay: Math.max(0, at.getTime() - clock.now().getTime()), removeOnComplete: { age: 7 * 24 * 3600 } });
}

export async function cancelScheduled(queue: Queue, id: string): Promise<boolean> {
  const job = await queue.getJob(jobIdOf(id));
  if (!job || (await job.getState()) !== 'delayed') return false;
  await job.remove();
  return true;
}

/**
 * For a handler whose job ran before its moment by the injected clock (promoted, or the clock was
 * set back): puts it back to wait for that moment, keeping its id. Throw the returned error.
 */
export async function deferUntil(job: Job, at: Date, clock: Clock): Promise<DelayedError> {
  await job.moveToDelayed(Date.now() + Math.max(0, at.getTime() - clock.now().getTime()), job.token);
  return new DelayedError();
}
