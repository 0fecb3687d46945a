import { DateTime } from 'luxon';
import { addDays, atLocal, CHINA_ZONE, localDate, localTime, parseLocalTime, type TimeZone } from './chinaTime.js';
import { formatWhen } from './when.js';

/**
 * When members may check in to an activity or ask for leave. All instants are absolute; local
 * times are read in China time (no daylight saving), whatever the server's zone.
 */
export interface CheckInWindow {
  opensAt: Date;
  closesAt: Date;
}

/** The plan leaves it open; the default is half an hour either side of the start. */
export const DEFAULT_CHECK_IN = { minutesBefore: 30, minutesAfter: 30 };

const MINUTE = 60_000;

export function defaultWindow(startsAt: Date, rule = DEFAULT_CHECK_IN): CheckInWindow {
  return {
    opensAt: new Date(startsAt.getTime() - rule.minutesBefore * MINUTE),
    closesAt: new Date(startsAt.getTime() + rule.minutesAfter * MINUTE),
  };
}

/** A local "HH:mm" as the instant nearest to `around`: 00:15 near a 23:45 start is the next day. */
export function nearestLocalTime(around: Date, time: string, zone: TimeZone = CHINA_ZONE): Date {
  const day = localDate(around, zone);
  const candidates = [-1, 0, 1].map((d) => atLocal(addDays(day, d), time, zone));
  let best = candidates[0]!;
  for (const c of candidates) {
    if (Math.abs(c.getTime() - around.getTime()) < Math.abs(best.getTime() - around.getTime())) best = c;
  }
  return best;
}

export type WindowOverride = { ok: true; window: CheckInWindow } | { ok: false; reason: 'format' | 'order' };

/** A typed window "13:30-15:00" (also "13:30至15:00", "9点-10点") around an activity's start. */
export function parseWindow(text: string, startsAt: Date, zone: TimeZone = CHINA_ZONE): WindowOverride {
  const parts = text.split(/\s*[-–—~～至到]\s*/);
  if (parts.length !== 2) return { ok: false, reason: 'format' };
  const [open, close] = parts.map((p) => parseLocalTime(p.replace('：', ':')));
  if (!open || !close) return { ok: false, reason: 'format' };
  const window = { opensAt: nearestLocalTime(startsAt, open, zone), closesAt: nearestLocalTime(startsAt, close, zone) };
  return window.opensAt < window.closesAt ? { ok: true, window } : { ok: false, reason: 'order' };
}

export type CheckInState = 'early' | 'open' | 'closed';

/** Both ends count as open: 14:00–15:00 takes a check-in at 15:00:00 sharp. */
export function checkInState(window: CheckInWindow, now: Date): CheckInState {
  if (now < window.opensAt) return 'early';
  if (now > window.closesAt) return 'closed';
  return 'open';
}

/** Leave is asked for before the activity starts. */
export const leaveOpen = (startsAt: Date, now: Date) => now < startsAt;

/** Of several activities, the one to check in to now: open, with the start nearest to now. */
export function pickOpen<T extends CheckInWindow & { startsAt: Date }>(activities: T[], now: Date): T | undefined {
  const distance = (a: T) => Math.abs(a.startsAt.getTime() - now.getTime());
  return activities
    .filter((a) => checkInState(a, now) === 'open')
    .sort((a, b) => distance(a) - distance(b) || a.startsAt.getTime() - b.startsAt.getTime())[0];
}

/** "3月12日（周四）14:00–15:00", or both dates when the window crosses midnight (China time). */
export function describeWindow(window: CheckInWindow, now: Date): string {
  const sameDay = localDate(window.opensAt) === localDate(window.closesAt);
  return `${formatWhen(window.opensAt, now)}–${sameDay ? formatWhen(window.closesAt, now).replace(/^.*）/, '') : formatWhen(window.closesAt, now)}`;
}

/** Quarter (1–4) and year of an instant in China time. */
export function quarterOf(instant: Date, zone: TimeZone = CHINA_ZONE): { year: number; quarter: number } {
  const dt = DateTime.fromJSDate(instant, { zone });
  return { year: dt.year, quarter: dt.quarter };
}

/** Start (inclusive) and end (exclusive) of a year in China time. */
export function yearRange(year: number, zone: TimeZone = CHINA_ZONE): { from: Date; to: Date } {
  return { from: atLocal(`${year}-01-01`, '00:00', zone), to: atLocal(`${year + 1}-01-01`, '00:00', zone) };
}

/** Start (inclusive) and end (exclusive) of a quarter in China time. */
export function quarterRange(year: number, quarter: number, zone: TimeZone = CHINA_ZONE): { from: Date; to: Date } {
  const from = DateTime.fromObject({ year, month: quarter * 3 - 2, day: 1 }, { zone });
  return { from: from.toJSDate(), to: from.plus({ months: 3 }).toJSDate() };
}

/** How many activities started in each quarter of the year (index 0 = first quarter). */
export function quarterCounts(starts: Date[], year: number, zone: TimeZone = CHINA_ZONE): [number, number, number, number] {
  const counts: [number, number, number, number] = [0, 0, 0, 0];
  for (const s of starts) {
    const q = quarterOf(s, zone);
    if (q.year === year) counts[q.quarter - 1]!++;
  }
  return counts;
}
