import type { Job } from 'bullmq';
import type { Runtime } from '../core/runtime.js';
import type { Services } from '../core/services.js';
import { inQuietHours } from '../domain/workCalendar.js';
import type { KeyedMessage } from '../outbound/outbox.js';
import { cancelScheduled, deferUntil, scheduleAt } from '../queue/delayed.js';
import { defineJob } from '../queue/job.js';
import { ReminderLogModel } from '../store/models/reminderLog.js';
import { streetSettings, type StreetSettings } from './settings.js';

/** Every reminder job lives on this queue; the planners' ticks too. */
export const REMINDER_QUEUE = 'reminders';

/** What every occurrence's job carries: its street (whose settings apply) and anything the kind needs. */
export interface OccurrenceData {
  street: string;
}

/** One planned sending of a reminder kind. */
export interface Occurrence<D extends OccurrenceData = OccurrenceData> {
  /** Stable, one per occurrence ("report-due:JS:2026-12"): scheduling and sending are idempotent on it. */
  id: string;
  at: Date;
  data: D;
}

/** The job's data: the kind's data plus the occurrence's id and planned moment. */
export type FiredData<D extends OccurrenceData = OccurrenceData> = D & { id: string; plannedFor: string };

/**
 * A kind of reminder: its job (one file in `jobs/`), how often its planner ticks, the occurrences
 * it plans for some streets around a moment, and what it sends when one fires.
 */
export interface ReminderKind<D extends OccurrenceData = OccurrenceData> {
  /** Name of its job and for `run-job`, e.g. "report-due". */
  name: string;
  /** Its Chinese name, for `/运行提醒`. */
  zh: string;
  job: string;
  /** Cron pattern (China time) of its planning tick. */
  tick: string;
  summary: string;
  /** Every occurrence near `now` (including today's past ones), whatever has fired already. */
  plan(streets: StreetSettings[], now: Date): Promise<Occurrence<D>[]>;
  /** The messages to send now, after re-checking the state (nothing when nobody needs reminding). */
  compose(runtime: Runtime, data: FiredData<D>, now: Date): Promise<KeyedMessage[]>;
}

/** Sending is idempotent, so a fault (the store briefly away) is retried; the "missed" rule still applies. */
const RETRY = { attempts: 5, backoff: { type: 'exponential', delay: 5_000 } };

/** Redis round trips in flight at once while planning. */
const PARALLEL = 50;

/**
 * A reminder missed by more than this (the bot was down) is dropped rather than sent late: "due
 * today" in the evening, or the next day, misleads more than it helps.
 */
const MISSED_AFTER_MS = 2 * 3600_000;

/** Runs `run` over the items, `PARALLEL` at a time. */
export async function inBatches<T>(items: T[], run: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += PARALLEL) await Promise.all(items.slice(i, i + PARALLEL).map(run));
}

/**
 * Schedules a kind's occurrences for some streets (all when omitted) under their stable ids.
 * One that already fired is left alone; one missed (the bot was down) goes out now if it is at
 * most two hours late and not in quiet hours, else it is dropped.
 */
export async function planKind(services: Services, kind: ReminderKind<any>, streets?: string[]): Promise<number> {
  const now = services.clock.now();
  const [settings, queue] = [await streetSettings(streets), services.queue(REMINDER_QUEUE)];
  const occurrences = await kind.plan(settings, now);
  const fired = new Set(
    (await ReminderLogModel.find({ _id: { $in: occurrences.map((o) => o.id) } }, { _id: 1 }).lean()).map((d) => d._id),
  );
  const quietOf = new Map(settings.map((s) => [s.code, s.settings.quiet]));
  let scheduled = 0;
  await inBatches(occurrences, async (o) => {
    if (fired.has(o.id)) return;
    const late = now.getTime() - o.at.getTime();
    if (late > MISSED_AFTER_MS || (late > 0 && inQuietHours(now, quietOf.get(o.data.street)!))) return cancelScheduled(queue, o.id);
    await scheduleAt(queue, kind.job, { ...o.data, id: o.id, plannedFor: o.at.toISOString() }, late > 0 ? now : o.at, o.id, services.clock, RETRY);
    scheduled++;
  });
  return scheduled;
}

export type FireResult = 'sent' | 'already sent' | 'stale';

/**
 * Sends one occurrence, once: skipped when it already went out, or its plan no longer has it or
 * has it long past; following its plan when that moved since it was scheduled; put back
 * when it runs early by the injected clock. What it sends is keyed by the occurrence, so a crash
 * between queueing and logging queues nothing twice.
 */
export async function fireOccurrence<D extends OccurrenceData>(runtime: Runtime, kind: ReminderKind<D>, job: Job<FiredData<D>>): Promise<FireResult> {
  const now = runtime.services.clock.now();
  if (await ReminderLogModel.exists({ _id: job.data.id })) return 'already sent';
  const current = (await kind.plan(await streetSettings([job.data.street]), now)).find((o) => o.id === job.data.id);
  if (!current || now.getTime() - current.at.getTime() > MISSED_AFTER_MS) return 'stale';
  const data = { ...job.data, ...current.data, plannedFor: current.at.toISOString() };
  // Moved since it was scheduled (its settings or activity changed before a re-plan): follow the plan.
  if (data.plannedFor !== job.data.plannedFor) await job.updateData(data);
  // A second of slack for the clocks of Redis and this process; earlier than that, it waits again.
  if (current.at.getTime() > now.getTime() + 1000) throw await deferUntil(job, current.at, runtime.services.clock);
  const messages = await kind.compose(runtime, data, now);
  await runtime.outbox.enqueueKeyed(messages, `reminder:${data.id}`, { bulk: true });
  await ReminderLogModel.updateOne(
    { _id: data.id },
    { $setOnInsert: { kind: kind.name, plannedFor: current.at, firedAt: now, messages: messages.length } },
    { upsert: true },
  );
  return 'sent';
}

/** Sends an occurrence now whatever its schedule (the demo's `run-job`), under its own keys; logs nothing. */
export async function fireNow<D extends OccurrenceData>(runtime: Runtime, kind: ReminderKind<D>, occurrence: Occurrence<D>, runKey: string): Promise<number> {
  const data = { ...occurrence.data, id: occurrence.id, plannedFor: occurrence.at.toISOString() };
  const messages = await kind.compose(runtime, data, runtime.services.clock.now());
  await runtime.outbox.enqueueKeyed(messages, `run:${runKey}`);
  return messages.length;
}

/** The job that sends a kind's occurrences (its file in `jobs/` is one line). */
export const reminderJob = <D extends OccurrenceData>(kind: ReminderKind<D>) =>
  defineJob<FiredData<D>>({ queue: REMINDER_QUEUE, name: kind.job, process: (job, runtime) => fireOccurrence(runtime, kind, job) });
