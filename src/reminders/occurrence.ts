import type { Job } from 'bullmq';
import type { Runtime } from '../core/runtime.js';
import type { Services } from '../core/services.js';
import { reminderFate, type ReminderSubject } from '../domain/reminderSchedule.js';
import { logger } from '../logger.js';
import { countReminder } from '../metrics/workCounts.js';
import { localDate } from '../domain/chinaTime.js';
import { calendarSource } from '../domain/workCalendar.js';
import { loadBureauCalendar } from '../store/calendarYears.js';
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
  /** What it reminds of, when that has a moment: judges a missed one (see `reminderFate`). */
  subject?: ReminderSubject;
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

/** Runs `run` over the items, `PARALLEL` at a time. */
export async function inBatches<T>(items: T[], run: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += PARALLEL) await Promise.all(items.slice(i, i + PARALLEL).map(run));
}

/**
 * Schedules a kind's occurrences for some streets (all when omitted) under their stable ids.
 * One that already fired is left alone; one missed (the bot was down) goes out now or is dropped
 * by `reminderFate`: late while its subject lies ahead, never once that has passed.
 */
export async function planKind(services: Services, kind: ReminderKind<any>, streets?: string[]): Promise<number> {
  const now = services.clock.now();
  await loadBureauCalendar();
  const [settings, queue] = [await streetSettings(streets), services.queue(REMINDER_QUEUE)];
  const occurrences = await kind.plan(settings, now);
  warnOfUnknownYears(kind, occurrences);
  const fired = new Set(
    (await ReminderLogModel.find({ _id: { $in: occurrences.map((o) => o.id) } }, { _id: 1 }).lean()).map((d) => d._id),
  );
  const quietOf = new Map(settings.map((s) => [s.code, s.settings.quiet]));
  let scheduled = 0;
  await inBatches(occurrences, async (o) => {
    if (fired.has(o.id)) return;
    const fate = reminderFate(o.at, now, o.subject ?? {}, quietOf.get(o.data.street)!);
    // Said in the log once: when a scheduled one is dropped (later ticks find nothing to drop).
    if ('skip' in fate) {
      if (await cancelScheduled(queue, o.id)) logSkip(o, fate.skip);
      return;
    }
    await scheduleAt(queue, kind.job, { ...o.data, id: o.id, plannedFor: o.at.toISOString() }, fate.send === 'late' ? now : o.at, o.id, services.clock, RETRY);
    scheduled++;
  });
  return scheduled;
}

export type FireResult = 'sent' | 'already sent' | 'stale';

const warnedYears = new Set<string>();

/** A reminder planned on a day of a year with no holiday calendar may fall on a holiday: said once per kind and year. */
function warnOfUnknownYears(kind: ReminderKind<any>, occurrences: Occurrence<any>[]): void {
  for (const o of occurrences) {
    const year = Number(localDate(o.at).slice(0, 4));
    const key = `${kind.name}:${year}`;
    if (calendarSource(year) !== 'none' || warnedYears.has(key)) continue;
    warnedYears.add(key);
    logger.warn({ kind: kind.name, year, reminder: o.id }, 'reminder planned in a year without a holiday calendar: holidays count as working days');
  }
}

/** A reminder not sent is said in the log, with why. */
function logSkip(o: Occurrence<any>, why: string): void {
  logger.info({ reminder: o.id, plannedFor: o.at.toISOString(), subjectAt: o.subject?.at?.toISOString(), why }, 'reminder skipped');
}

/**
 * Sends one occurrence, once: skipped when it already went out, or its plan no longer has it or
 * has it long past; following its plan when that moved since it was scheduled; put back
 * when it runs early by the injected clock. What it sends is keyed by the occurrence, so a crash
 * between queueing and logging queues nothing twice.
 */
export async function fireOccurrence<D extends OccurrenceData>(runtime: Runtime, kind: ReminderKind<D>, job: Job<FiredData<D>>): Promise<FireResult> {
  const now = runtime.services.clock.now();
  if (await ReminderLogModel.exists({ _id: job.data.id })) return 'already sent';
  await loadBureauCalendar();
  const [settings] = await streetSettings([job.data.street]);
  const current = (await kind.plan(settings ? [settings] : [], now)).find((o) => o.id === job.data.id);
  if (!current) return 'stale';
  const fate = reminderFate(current.at, now, current.subject ?? {}, settings!.settings.quiet);
  if ('skip' in fate) {
    logSkip(current, fate.skip);
    return 'stale';
  }
  const data = { ...job.data, ...current.data, plannedFor: current.at.toISOString() };
  // Moved since it was scheduled (its settings or activity changed before a re-plan): follow the plan.
  if (data.plannedFor !== job.data.plannedFor) await job.updateData(data);
  // A second of slack for the clocks of Redis and this process; earlier than that, it waits again.
  if (current.at.getTime() > now.getTime() + 1000) throw await deferUntil(job, current.at, runtime.services.clock);
  const messages = await kind.compose(runtime, data, now);
  await runtime.outbox.enqueueKeyed(messages, `reminder:${data.id}`, { bulk: true });
  const logged = await ReminderLogModel.updateOne(
    { _id: data.id },
    { $setOnInsert: { kind: kind.name, plannedFor: current.at, firedAt: now, messages: messages.length } },
    { upsert: true },
  );
  // Counted once, by the run that logged it (a replay after a crash finds the log there).
  if (logged.upsertedCount) countReminder(runtime.services, kind.name, fate.send === 'late' ? 'late' : 'onTime');
  return 'sent';
}

/** Sends an occurrence now whatever its schedule (the demo's `run-job`), under its own keys; logs nothing. */
export async function fireNow<D extends OccurrenceData>(runtime: Runtime, kind: ReminderKind<D>, occurrence: Occurrence<D>, runKey: string): Promise<number> {
  const data = { ...occurrence.data, id: occurrence.id, plannedFor: occurrence.at.toISOString() };
  const messages = await kind.compose(runtime, data, runtime.services.clock.now());
  await runtime.outbox.enqueueKeyed(messages, `run:${runKey}`, { bulk: true });
  return messages.length;
}

/** The job that sends a kind's occurrences (its file in `jobs/` is one line). */
export const reminderJob = <D extends OccurrenceData>(kind: ReminderKind<D>) =>
  defineJob<FiredData<D>>({ queue: REMINDER_QUEUE, name: kind.job, process: (job, runtime) => fireOccurrence(runtime, kind, job) });
