import { isWorkday } from 'chinese-days';
import { addDays, atLocal, CHINA_ZONE, localDate, localTime } from './chinaTime.js';

/**
 * Working days follow the national holiday calendar with its make-up working days (调休), from the
 * maintained `chinese-days` package. Its data runs to the latest year the State Council has
 * published; later years fall back to Monday–Friday until the package is updated.
 */
export const isWorkingDay = (date: string): boolean => isWorkday(date);

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

export function inQuietHours(instant: Date, quiet: QuietHours, zone = CHINA_ZONE): boolean {
  const t = localTime(instant, zone);
  if (quiet.start === quiet.end) return false;
  return quiet.start < quiet.end ? t >= quiet.start && t < quiet.end : t >= quiet.start || t < quiet.end;
}

/** The first moment at or after `instant` outside quiet hours. */
export function afterQuietHours(instant: Date, quiet: QuietHours, zone = CHINA_ZONE): Date {
  if (!inQuietHours(instant, quiet, zone)) return instant;
  const date = localDate(instant, zone);
  const endToday = atLocal(date, quiet.end, zone);
  return endToday > instant ? endToday : atLocal(addDays(date, 1), quiet.end, zone);
}

/**
 * When a reminder planned for `date` at `time` is sent: a day off moves it to the previous working
 * day; a time in quiet hours moves to the end of the quiet hours that day.
 */
export function reminderMoment(date: string, time: string, quiet: QuietHours = DEFAULT_QUIET_HOURS, zone = CHINA_ZONE): Date {
  const day = onOrBeforeWorkingDay(date);
  const planned = atLocal(day, time, zone);
  if (!inQuietHours(planned, quiet, zone)) return planned;
  // Early-morning times move to the end of that morning's quiet span; late-evening ones to just before it starts.
  return time < quiet.end ? atLocal(day, quiet.end, zone) : new Date(atLocal(day, quiet.start, zone).getTime() - 60_000);
}

/**
 * `n` working days after `instant`, at the same local time, then out of quiet hours: the moment an
 * unanswered item escalates. Days off are skipped; a start on a day off counts from the next working day.
 */
export function addWorkingDays(instant: Date, n: number, quiet: QuietHours = DEFAULT_QUIET_HOURS, zone = CHINA_ZONE): Date {
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
  const at = afterQuietHours(new Date(atLocal(date, time, zone).getTime() + (instant.getTime() % 60_000)), quiet, zone);
  const landed = localDate(at, zone);
  // Leaving quiet hours can roll onto a day off; then it waits for the next working morning.
  return isWorkingDay(landed) ? at : atLocal(onOrAfterWorkingDay(landed), quiet.end, zone);
}
