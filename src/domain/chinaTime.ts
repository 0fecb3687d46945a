import { DateTime, FixedOffsetZone, type Zone } from 'luxon';

/** China time by its name, for what takes a zone name (BullMQ's repeat patterns). */
export const CHINA_ZONE_NAME = 'Asia/Shanghai';
/**
 * Every deadline and reminder is reckoned in China time, whatever the server's zone: UTC+8, which
 * has had no daylight saving since 1991. A fixed offset, since a named zone costs luxon an `Intl`
 * lookup on every conversion, and replies convert on every message.
 */
export const CHINA_ZONE: Zone = FixedOffsetZone.instance(8 * 60);

/** A zone as luxon takes it: a name, or a zone object. */
export type TimeZone = string | Zone;

/** "YYYY-MM-DD" of an instant in the zone. */
export function localDate(instant: Date, zone: TimeZone = CHINA_ZONE): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate()!;
}

/** "HH:mm" of an instant in the zone. */
export function localTime(instant: Date, zone: TimeZone = CHINA_ZONE): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat('HH:mm');
}

/** "2026-12-01 09:30" for replies. */
export function formatLocal(instant: Date, zone: TimeZone = CHINA_ZONE): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat('yyyy-MM-dd HH:mm');
}

/** The instant of a local date and time ("2026-12-01", "09:30") in the zone. */
export function atLocal(date: string, time: string, zone: TimeZone = CHINA_ZONE): Date {
  const dt = DateTime.fromFormat(`${date} ${time}`, 'yyyy-MM-dd HH:mm', { zone });
  if (!dt.isValid) throw new RangeError(`invalid local date/time ${date} ${time}`);
  return dt.toJSDate();
}

const DATE_FORMATS = ['yyyy-MM-dd', 'yyyy/M/d', 'yyyy.M.d', 'yyyy-M-d', "yyyy'年'M'月'd'日'"];
const TIME_FORMATS = ['HH:mm', 'H:mm', "H'点'", "H'点'm'分'", "H'点'mm"];

/** A typed date, strictly: 2025-02-30 and 2026-13-01 are rejected, not rolled over. */
export function parseLocalDate(text: string): string | undefined {
  for (const f of DATE_FORMATS) {
    const dt = DateTime.fromFormat(text.trim(), f, { zone: CHINA_ZONE });
    if (dt.isValid) return dt.toISODate()!;
  }
  return undefined;
}

/** A typed time of day ("9:30", "14:00", "9点30") as "HH:mm". */
export function parseLocalTime(text: string): string | undefined {
  for (const f of TIME_FORMATS) {
    const dt = DateTime.fromFormat(text.trim(), f, { zone: CHINA_ZONE });
    if (dt.isValid) return dt.toFormat('HH:mm');
  }
  return undefined;
}

/** Days in a month (1–12). */
export const daysInMonth = (year: number, month: number) => DateTime.fromObject({ year, month }, { zone: CHINA_ZONE }).daysInMonth!;

/** Year and month of an instant in China time. */
export function localYearMonth(instant: Date, zone: TimeZone = CHINA_ZONE): { year: number; month: number } {
  const dt = DateTime.fromJSDate(instant, { zone });
  return { year: dt.year, month: dt.month };
}

/** Adds days to a "YYYY-MM-DD" date. */
export const addDays = (date: string, days: number) => DateTime.fromISO(date, { zone: CHINA_ZONE }).plus({ days }).toISODate()!;

/** The instant a "YYYY-MM-DD" day ends in China time (the next day's midnight). */
export const endOfDay = (date: string) => atLocal(addDays(date, 1), '00:00');
