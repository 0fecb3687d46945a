import { yearRange } from './attendanceWindow.js';
import { addDays, atLocal } from './chinaTime.js';
import { dayInMonth, type Period } from './reminderSchedule.js';

/**
 * What the annual assessment looks at: one calendar year in China time, up to a moment (now while
 * the year runs, its end once it is over). Duties whose deadline is not over by then are not
 * expected of anyone yet.
 */
export interface AssessmentWindow {
  year: number;
  from: Date;
  /** Start of the next year. */
  to: Date;
  asOf: Date;
}

/** Undefined for a year that has not begun. */
export function assessmentWindow(year: number, now: Date): AssessmentWindow | undefined {
  const { from, to } = yearRange(year);
  if (now < from) return undefined;
  return { year, from, to, asOf: now < to ? now : to };
}

export const periodsOf = (year: number): Period[] => Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);

/** A monthly duty's deadline day; anything at or after `lateFrom` (the next midnight, China time) is late. */
export interface MonthlyDeadline {
  period: Period;
  day: string;
  lateFrom: Date;
}

/** A month's deadline on a day of the month (a day the month lacks means its last day, as the reminders reckon it). */
export function monthlyDeadline(period: Period, dayOfMonth: number): MonthlyDeadline {
  const day = dayInMonth(period, dayOfMonth).date;
  return { period, day, lateFrom: atLocal(addDays(day, 1), '00:00') };
}

/** Each month's deadline on a day of the month. */
export const monthlyDeadlines = (year: number, dayOfMonth: number): MonthlyDeadline[] =>
  periodsOf(year).map((period) => monthlyDeadline(period, dayOfMonth));

const lateFromCache = new Map<string, Date>();

/** Whether a month's duty done at `at` came before its deadline on a day of the month (remembered: a recount asks millions of times). */
export function beforeDeadline(period: Period, dayOfMonth: number, at: Date): boolean {
  const key = `${period}:${dayOfMonth}`;
  const lateFrom = lateFromCache.get(key) ?? lateFromCache.set(key, monthlyDeadline(period, dayOfMonth).lateFrom).get(key)!;
  return at < lateFrom;
}

/** The deadlines over by `asOf`: the months expected of a person so far. */
export const deadlinesOver = (deadlines: MonthlyDeadline[], asOf: Date) => deadlines.filter((d) => d.lateFrom <= asOf);

/**
 * The year an assessment command means when none is typed: the current one, except in January while
 * the bureau has not confirmed every street of the year before (the plan closes a year in December,
 * and its confirmation may run into the new one).
 */
export const defaultAssessmentYear = (current: { year: number; month: number }, previousConfirmed: boolean): number =>
  current.month === 1 && !previousConfirmed ? current.year - 1 : current.year;
