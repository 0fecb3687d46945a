import { DateTime } from 'luxon';
import { z } from 'zod';
import { addDays, atLocal, CHINA_ZONE, daysInMonth, localDate, parseLocalTime } from './chinaTime.js';
import { parseTimeOfDay } from './when.js';
import {
  DEFAULT_QUIET_HOURS, followUpMoment, inQuietHours, isQuietTime, nextWorkingMoment, onOrAfterWorkingDay, reminderMoment, workingDaysBefore,
  type QuietHours,
} from './workCalendar.js';

/** A street's reminder rhythm; every street starts from the plan's defaults. */
export interface ReminderSettings {
  /** Day of the month the monthly report is due (clamped to the month's last day). */
  reportDueDay: number;
  /** Days of the month in which members file their statistical returns. */
  returnsStartDay: number;
  returnsEndDay: number;
  quiet: QuietHours;
  /** Hours after a bureau notice until those who have not acknowledged it are reminded (once). */
  noticeReminderHours: number;
  /** Local time of day the calendar reminders go out. */
  remindAt: string;
}

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = {
  reportDueDay: 25,
  returnsStartDay: 1,
  returnsEndDay: 10,
  quiet: DEFAULT_QUIET_HOURS,
  noticeReminderHours: 24,
  remindAt: '09:00',
};

/** A month as "YYYY-MM". */
export type Period = string;

export const periodOf = (instant: Date): Period => localDate(instant).slice(0, 7);

export function addMonths(period: Period, months: number): Period {
  return DateTime.fromISO(`${period}-01`, { zone: CHINA_ZONE }).plus({ months }).toFormat('yyyy-MM');
}

/** "2026-11", "2026/11", "2026年11月" → "2026-11"; anything else (2026-13, words) → undefined. */
export function parsePeriod(text: string): Period | undefined {
  for (const f of ['yyyy-MM', 'yyyy-M', 'yyyy/M', 'yyyy.M', "yyyy'年'M'月'"]) {
    const dt = DateTime.fromFormat(text.trim(), f, { zone: CHINA_ZONE });
    if (dt.isValid) return dt.toFormat('yyyy-MM');
  }
  return undefined;
}

/** Day `day` of the month, or the month's last day when it has fewer (31 in February → the 28th or 29th). */
export function dayInMonth(period: Period, day: number): { date: string; clamped: boolean } {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const last = daysInMonth(year, month);
  const d = Math.min(day, last);
  return { date: `${period}-${String(d).padStart(2, '0')}`, clamped: d !== day };
}

export interface ReportSchedule {
  due: string;
  clamped: boolean;
  /** Three days before the due day; absent when a day off pulls it onto the due-day reminder's day. */
  before?: Date;
  onDue: Date;
  /** The first working day after the due day: the street leader hears which grids are overdue. */
  escalation: Date;
}

export function reportSchedule(period: Period, s: ReminderSettings): ReportSchedule {
  const { date: due, clamped } = dayInMonth(period, s.reportDueDay);
  const onDue = reminderMoment(due, s.remindAt, s.quiet);
  const before = reminderMoment(addDays(due, -3), s.remindAt, s.quiet);
  return {
    due,
    clamped,
    before: localDate(before) === localDate(onDue) ? undefined : before,
    onDue,
    escalation: followUpMoment(due, s.remindAt, s.quiet),
  };
}

/** The first working day after a month: the street hears which of its reports wait unheard. */
export const hearingReminderMoment = (period: Period, s: ReminderSettings): Date =>
  followUpMoment(dayInMonth(period, 31).date, s.remindAt, s.quiet);

/** A report is late when it arrives after its due day (China time). */
export const isLate = (submittedAt: Date, due: string) => localDate(submittedAt) > due;

/** The days of a month's returns window (China dates, clamped to the month). */
export function returnsWindow(period: Period, s: ReminderSettings): { start: string; end: string } {
  return { start: dayInMonth(period, s.returnsStartDay).date, end: dayInMonth(period, s.returnsEndDay).date };
}

export interface ReturnsSchedule {
  start: string;
  end: string;
  /** Two working days before the window closes (in a short window, its first working day). */
  reminder: Date;
}

export function returnsSchedule(period: Period, s: ReminderSettings): ReturnsSchedule {
  const { start, end } = returnsWindow(period, s);
  const day = workingDaysBefore(end, 2);
  return { start, end, reminder: reminderMoment(day < start ? onOrAfterWorkingDay(start) : day, s.remindAt, s.quiet) };
}

/** A quarter as "YYYY-Qn". */
export type Quarter = string;

export const quarterOfPeriod = (period: Period): Quarter => `${period.slice(0, 4)}-Q${Math.ceil(Number(period.slice(5, 7)) / 3)}`;

export function quarterBounds(quarter: Quarter): { first: string; last: string; lastMonth: Period } {
  const year = quarter.slice(0, 4);
  const q = Number(quarter.slice(6));
  const lastMonth = `${year}-${String(q * 3).padStart(2, '0')}`;
  return { first: `${year}-${String(q * 3 - 2).padStart(2, '0')}-01`, last: dayInMonth(lastMonth, 31).date, lastMonth };
}

export interface QuarterSchedule {
  first: string;
  last: string;
  /** The 15th of the quarter's last month: grids without an activity yet are reminded. */
  midReminder: Date;
  /** The first working day after the quarter: the street leader hears which grids held none. */
  endReport: Date;
}

export function quarterSchedule(quarter: Quarter, s: ReminderSettings): QuarterSchedule {
  const { first, last, lastMonth } = quarterBounds(quarter);
  return { first, last, midReminder: reminderMoment(`${lastMonth}-15`, s.remindAt, s.quiet), endReport: followUpMoment(last, s.remindAt, s.quiet) };
}

/**
 * `leadMs` before an activity starts, out of quiet hours: to the end of the quiet span when that
 * is still before the start, else to just before the quiet span began.
 */
export function activityReminderMoment(startsAt: Date, leadMs: number, quiet: QuietHours): Date {
  const planned = new Date(startsAt.getTime() - leadMs);
  if (!inQuietHours(planned, quiet)) return planned;
  const day = localDate(planned);
  const morning = atLocal(day, quiet.end);
  if (morning > planned && morning < startsAt) return morning;
  const eveningDay = morning > planned ? addDays(day, -1) : day;
  return new Date(atLocal(eveningDay, quiet.start).getTime() - 60_000);
}

/** When the notice follow-up goes out: `hours` after the notice, on a working day, out of quiet hours. */
export const noticeFollowUpMoment = (sentAt: Date, s: ReminderSettings): Date =>
  nextWorkingMoment(new Date(sentAt.getTime() + s.noticeReminderHours * 3600_000), s.quiet, s.remindAt);

// ---- Changing settings by chat ----

const RANGE = /^(\S+?)\s*[-~～至到—]\s*(\S+)$/;
const time = z.string().transform((v, ctx) => parseLocalTime(v) ?? parseTimeOfDay(v) ?? (ctx.addIssue({ code: 'custom', message: 'time' }), z.NEVER));
const integer = (min: number, max: number) => z.string().regex(/^\d{1,3}$/).transform(Number).pipe(z.number().min(min).max(max));
const dayOfMonth = integer(1, 31);

/** One typed setting: its names and the zod schema of its value. */
export const SETTING_SCHEMAS = {
  reportDueDay: dayOfMonth.transform((reportDueDay) => ({ reportDueDay })),
  returns: z
    .string()
    .regex(RANGE)
    .transform((v) => RANGE.exec(v)!.slice(1, 3))
    .pipe(z.tuple([dayOfMonth, dayOfMonth]))
    .refine(([a, b]) => a <= b, 'start after end')
    .transform(([returnsStartDay, returnsEndDay]) => ({ returnsStartDay, returnsEndDay })),
  quiet: z
    .string()
    .regex(RANGE)
    .transform((v) => RANGE.exec(v)!.slice(1, 3))
    .pipe(z.tuple([time, time]))
    .transform(([start, end]) => ({ quiet: { start, end } })),
  noticeReminderHours: integer(1, 168).transform((noticeReminderHours) => ({ noticeReminderHours })),
  remindAt: time.transform((remindAt) => ({ remindAt })),
} satisfies Record<string, z.ZodType<Partial<ReminderSettings>, string>>;

export type SettingKey = keyof typeof SETTING_SCHEMAS;

/** Applies one typed change; undefined when the value does not parse or the result contradicts itself. */
export function applySetting(current: ReminderSettings, key: SettingKey, value: string): ReminderSettings | undefined {
  const parsed = SETTING_SCHEMAS[key].safeParse(value.trim());
  if (!parsed.success) return undefined;
  const next = { ...current, ...parsed.data };
  // A reminder time inside quiet hours would always be moved; refuse it rather than surprise.
  return isQuietTime(next.remindAt, next.quiet) ? undefined : next;
}

/** What a reminder is about, when it says: the moment it looks ahead to, and when that came to exist. */
export interface ReminderSubject {
  /** The activity's start, the report's due day: after it, a reminder of it means nothing. */
  at?: Date;
  /** When its subject was made (an activity's creation): a moment planned before it was never meant. */
  since?: Date;
}

/**
 * A missed reminder without a subject of its own goes out if at most this late (the bot was down):
 * "due today" in the evening, or the next day, misleads more than it helps.
 */
export const MISSED_AFTER_MS = 2 * 3600_000;

export type ReminderFate =
  | { send: 'on time' | 'late' }
  | { skip: 'before its subject' | 'subject passed' | 'too late' | 'quiet hours' };

/**
 * Whether a reminder planned for `at` is sent, judged at `now`: one planned before its subject
 * existed never is; a missed one (an outage, a `:time` jump) is sent late while its subject still
 * lies ahead and skipped once that has passed; one with no subject, within two hours. Late ones are
 * not sent in quiet hours.
 */
export function reminderFate(at: Date, now: Date, subject: ReminderSubject, quiet: QuietHours): ReminderFate {
  if (subject.since && at < subject.since) return { skip: 'before its subject' };
  if (at >= now) return { send: 'on time' };
  if (subject.at ? subject.at <= now : now.getTime() - at.getTime() > MISSED_AFTER_MS) {
    return { skip: subject.at ? 'subject passed' : 'too late' };
  }
  return inQuietHours(now, quiet) ? { skip: 'quiet hours' } : { send: 'late' };
}

/**
 * The plan closes a year's assessment by the end of December (12月底前): streets that have not
 * submitted are reminded on a day of December (`day`), on or before it if a day off, at the reminder time.
 */
export const assessmentReminderMoment = (period: Period, day: number, s: ReminderSettings): Date | undefined =>
  period.endsWith('-12') ? reminderMoment(dayInMonth(period, day).date, s.remindAt, s.quiet) : undefined;
