import { monthlyDeadline, periodsOf, type MonthlyDeadline } from './assessmentYear.js';
import type { Period } from './reminderSchedule.js';

/**
 * What the assessment expects of a person, counted from their start in the grid (or the grid's
 * start) and under the settings in force in each month: nobody is judged on months before they
 * joined, and a street's change of its deadlines applies from the month it was made on.
 */

/** A street's deadline days, in force from `validFrom` ("YYYY-MM"; "" for before any change) on. */
export interface DeadlineDays {
  validFrom: string;
  reportDueDay: number;
  returnsEndDay: number;
}

/** The entry in force in a month: the latest valid from it or before; the earliest for a month before them all. */
export function inForce<T extends { validFrom: string }>(history: readonly T[], period: Period): T {
  if (!history.length) throw new RangeError('a settings history needs at least one entry');
  const sorted = [...history].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  return sorted.filter((h) => h.validFrom <= period).at(-1) ?? sorted[0]!;
}

/** A monthly duty's deadlines of a year, each month's on the day in force that month. */
export const deadlinesInForce = (year: number, history: readonly DeadlineDays[], day: (d: DeadlineDays) => number): MonthlyDeadline[] =>
  periodsOf(year).map((period) => monthlyDeadline(period, day(inForce(history, period))));

/** The later of the starts known (a member's in the grid, the grid's own); undefined when none is. */
export function startOf(...starts: Array<Date | null | undefined>): Date | undefined {
  const known = starts.filter((s): s is Date => s instanceof Date);
  return known.length ? new Date(Math.max(...known.map((s) => s.getTime()))) : undefined;
}

/**
 * The months of a monthly duty expected of someone who started at `start` (always there when
 * undefined): those whose deadline is over by `asOf` and came after the start, so one who joins
 * before a month's deadline owes that month and one who joins after it does not.
 */
export const monthsExpected = (deadlines: readonly MonthlyDeadline[], start: Date | undefined, asOf: Date): MonthlyDeadline[] =>
  deadlines.filter((d) => d.lateFrom <= asOf && (!start || start < d.lateFrom));

/** How many of these moments (ascending epoch milliseconds: activities held, notices sent) came at or after `start`. */
export function countSince(ascending: readonly number[], start: Date | undefined): number {
  if (!start) return ascending.length;
  const t = start.getTime();
  let [lo, hi] = [0, ascending.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ascending[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return ascending.length - lo;
}
