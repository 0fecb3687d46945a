import { createRequire } from 'node:module';
import { DateTime } from 'luxon';
import { addDays, atLocal, CHINA_ZONE, localDate, localTime, type TimeZone } from './chinaTime.js';

// The package's ES build is for bundlers (vitest uses it); plain Node loads its UMD build, whose
// names an ESM import cannot see. Requiring it works in both.
const { getHolidaysInRange, isWorkday } = createRequire(import.meta.url)('chinese-days') as typeof import('chinese-days');

/** A year of the national calendar as the bureau entered it: its days off and its make-up working days (调休). */
export interface CalendarYear {
  year: number;
  holidays: string[];
  workdays: string[];
}

let bureauYears = new Map<number, { holidays: Set<string>; workdays: Set<string> }>();

/** The years the bureau entered (read from the store), which override the package's. */
export function useBureauCalendar(years: CalendarYear[]): void {
  bureauYears = new Map(years.map((y) => [y.year, { holidays: new Set(y.holidays), workdays: new Set(y.workdays) }]));
}

const isWeekday = (date: string) => DateTime.fromISO(date, { zone: CHINA_ZONE }).weekday <= 5;

/**
 * Working days follow the national holiday calendar with its make-up working days (调休): the
 * bureau's entry for the year when there is one, else the maintained `chinese-days` package. A
 * year in neither falls back to Monday–Friday, and `calendarSource` says so.
 */
export function isWorkingDay(date: string): boolean {
  const entered = bureauYears.get(Number(date.slice(0, 4)));
  if (!entered) return isWorkday(date);
  return entered.workdays.has(date) || (!entered.holidays.has(date) && isWeekday(date));
}

/** Where a year's holidays come from: the bureau's entry, the package, or nowhere (weekends only). */
export function calendarSource(year: number): 'bureau' | 'package' | 'none' {
  if (bureauYears.has(year)) return 'bureau';
  // The package has a year when it names a holiday on a weekday in it (every published year has several).
  return getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0 ? 'package' : 'none';
}

/** The year's days off on weekdays and its make-up working days, from wherever `calendarSource` says. */
export function calendarOf(year: number): CalendarYear {
  const entered = bureauYears.get(year);
  if (entered) return { year, holidays: [...entered.holidays].sort(), workdays: [...entered.workdays].sort() };
  const days = (from: string, to: string) => {
    const out: string[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
    return out;
  };
  const all = days(`${year}-01-01`, `${year}-12-31`);
  return {
    year,
    holidays: all.filter((d) => isWeekday(d) && !isWorkday(d)),
    workdays: all.filter((d) => !isWeekday(d) && isWorkday(d)),
  };
}

/** The date itself if it is a working day, else the nearest working day before it. */
export function onOrBeforeWorkingDay(date: string): string {
  let d = date;
  for (let i = 0; i < 40 && !isWorkingDay(d); i++) d = addDays(d, -1);
  return d;
}

/** The date itself if it is a working day, else the nearest working day after it. */
export function onOrAfterWorkingDay(date: string): string {
  let d = date;
  for (let i = 0; i < 40 && !isWorkingDay(d); i++) d = addDays(d, 1);
  return d;
}

/** The working day `n` working days before `date` (n ≥ 1; `date` itself need not be working). */
export function workingDaysBefore(date: string, n: number): string {
  let d = date;
  for (let left = n; left > 0; ) {
    d = addDays(d, -1);
    if (isWorkingDay(d)) left--;
  }
  return d;
}

/** Quiet hours, local "HH:mm" bounds; the span may cross midnight (21:00–08:00). */
export interface QuietHours {
  start: string;
  end: string;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { start: '21:00', end: '08:00' };

/** Whether a local "HH:mm" falls in quiet hours. */
export function isQuietTime(t: string, quiet: QuietHours): boolean {
  if (quiet.start === quiet.end) return false;
  return quiet.start < quiet.end ? t >= quiet.start && t < quiet.end : t >= quiet.start || t < quiet.end;
}

export const inQuietHours = (instant: Date, quiet: QuietHours, zone: TimeZone = CHINA_ZONE): boolean => isQuietTime(localTime(instant, zone), quiet);

/** The first moment at or after `instant` outside quiet hours. */
export function afterQuietHours(instant: Date, quiet: QuietHours, zone: TimeZone = CHINA_ZONE): Date {
  if (!inQuietHours(instant, quiet, zone)) return instant;
  const date = localDate(instant, zone);
  const endToday = atLocal(date, quiet.end, zone);
  return endToday > instant ? endToday : atLocal(addDays(date, 1), quiet.end, zone);
}

/**
 * `time` on `day`, out of quiet hours: early-morning times move to the end of that morning's quiet
 * span, late-evening ones to just before it starts.
 */
function outOfQuiet(day: string, time: string, quiet: QuietHours, zone: TimeZone): Date {
  const planned = atLocal(day, time, zone);
  if (!inQuietHours(planned, quiet, zone)) return planned;
  return time < quiet.end ? atLocal(day, quiet.end, zone) : new Date(atLocal(day, quiet.start, zone).getTime() - 60_000);
}

/**
 * When a reminder planned for `date` at `time` is sent: a day off moves it to the previous working
 * day; a time in quiet hours moves to the end of the quiet hours that day.
 */
export function reminderMoment(date: string, time: string, quiet: QuietHours = DEFAULT_QUIET_HOURS, zone: TimeZone = CHINA_ZONE): Date {
  return outOfQuiet(onOrBeforeWorkingDay(date), time, quiet, zone);
}

/** A follow-up after `date` (an escalation once a deadline has passed): the next working day, at `time`. */
export function followUpMoment(date: string, time: string, quiet: QuietHours = DEFAULT_QUIET_HOURS, zone: TimeZone = CHINA_ZONE): Date {
  return outOfQuiet(onOrAfterWorkingDay(addDays(date, 1)), time, quiet, zone);
}

/**
 * The first moment at or after `instant` on a working day and out of quiet hours; a day off waits
 * for `morning` of the next working day.
 */
export function nextWorkingMoment(instant: Date, quiet: QuietHours = DEFAULT_QUIET_HOURS, morning = quiet.end, zone: TimeZone = CHINA_ZONE): Date {
  const at = afterQuietHours(instant, quiet, zone);
  const day = localDate(at, zone);
  return isWorkingDay(day) ? at : outOfQuiet(onOrAfterWorkingDay(day), morning, quiet, zone);
}

/**
 * `n` working days after `instant`, at the same local time, then out of quiet hours: the moment an
 * unanswered item escalates. Days off are skipped; a start on a day off counts from the next working day.
 */
export function addWorkingDays(instant: Date, n: number, quiet: QuietHours = DEFAULT_QUIET_HOURS, zone: TimeZone = CHINA_ZONE): Date {
  let date = localDate(instant, zone);
  let time = localTime(instant, zone);
  if (!isWorkingDay(date)) {
    date = onOrAfterWorkingDay(date);
    time = quiet.end;
  }
  for (let left = n; left > 0; ) {
    date = addDays(date, 1);
    if (isWorkingDay(date)) left--;
  }
  // Leaving quiet hours can roll onto a day off; then it waits for the next working morning.
  return nextWorkingMoment(new Date(atLocal(date, time, zone).getTime() + (instant.getTime() % 60_000)), quiet, quiet.end, zone);
}
