import { useBureauCalendar, type CalendarYear } from '../domain/workCalendar.js';
import { CalendarYearModel } from './models/calendarYear.js';

/**
 * The years of the holiday calendar the bureau entered. Working days are reckoned synchronously
 * everywhere, so the entered years are held in memory: read at start, after an entry, and before
 * each reminder plan (so an entry made by the admin command reaches a running bot within a tick).
 */
export async function loadBureauCalendar(): Promise<CalendarYear[]> {
  const years = (await CalendarYearModel.find({}, { year: 1, holidays: 1, workdays: 1 }).lean())
    .map((y) => ({ year: y.year, holidays: y.holidays, workdays: y.workdays }));
  useBureauCalendar(years);
  return years;
}

/** Enters (or replaces) a year, whole. */
export async function saveBureauYear(calendar: CalendarYear, source: string, at: Date): Promise<void> {
  await CalendarYearModel.updateOne(
    { _id: String(calendar.year) },
    { $set: { year: calendar.year, holidays: calendar.holidays, workdays: calendar.workdays, enteredAt: at, source } },
    { upsert: true },
  );
  await loadBureauCalendar();
}
