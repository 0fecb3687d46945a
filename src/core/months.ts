import { parsePeriod, type Period } from '../domain/reminderSchedule.js';
import { bi } from '../i18n/text.js';
import { UserError } from './errors.js';

/** "11月25日" / "11-25": short enough for a phone. */
export const monthDay = (date: string) => bi(`${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`, date.slice(5));
export const monthName = (period: Period) => bi(`${Number(period.slice(5, 7))}月`, period);

/** A typed month, strictly; one that does not parse (2026-13) is the user's to fix. */
export function monthArg(text: string): Period {
  const period = parsePeriod(text);
  if (!period) throw new UserError(bi(`「${text}」不是有效的月份，请写成 2026-11 或 2026年11月。`, `"${text}" is not a valid month; write it as 2026-11.`));
  return period;
}
