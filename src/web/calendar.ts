import { DateTime } from 'luxon';
import { CHINA_ZONE } from '../domain/chinaTime.js';
import { isWorkingDay } from '../domain/workCalendar.js';

/** A year of the holiday calendar: weekdays off and weekend days worked (调休), "YYYY-MM-DD". */
export interface CalendarYear {
  year: number;
  holidays: string[];
  workdays: string[];
}

/**
 * Where the 日历 page reads a year and, where the bureau keeps its own calendar, enters one. The
 * default reads the working-day rule the bot uses and enters nothing.
 */
export interface HolidayCalendar {
  year(year: number): Promise<CalendarYear>;
  enter?(calendar: CalendarYear, source: string, at: Date): Promise<void>;
}

/** The year as `isWorkingDay` sees it, day by day. */
export function yearByRule(year: number): CalendarYear {
  const holidays: string[] = [];
  const workdays: string[] = [];
  for (let d = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: CHINA_ZONE }); d.year === year; d = d.plus({ days: 1 })) {
    const date = d.toISODate()!;
    const weekend = d.weekday >= 6;
    if (weekend && isWorkingDay(date)) workdays.push(date);
    if (!weekend && !isWorkingDay(date)) holidays.push(date);
  }
  return { year, holidays, workdays };
}

export const ruleCalendar: HolidayCalendar = { year: async (year) => yearByRule(year) };
