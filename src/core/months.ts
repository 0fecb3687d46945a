import { parseWhen } from '../domain/when.js';
import type { Period } from '../domain/reminderSchedule.js';
import { bi } from '../i18n/text.js';
import { UserError } from './errors.js';

/** "11月25日" / "11-25": short enough for a phone. */
export const monthDay = (date: string) => bi(`${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`, date.slice(5));
export const monthName = (period: Period) => bi(`${Number(period.slice(5, 7))}月`, period);

/** A typed month ("2026-11", "11月", "上个月"), strictly; one that does not parse (2026-13) is the user's to fix. */
export function monthArg(text: string, now: Date): Period {
  const when = parseWhen(text, now);
  if (when?.grain !== 'month') {
    throw new UserError(bi(`「${text}」不是有效的月份，请写成 2026年11月、11月 或 上个月。`, `"${text}" is not a valid month; write it as 2026-11.`));
  }
  return when.date.slice(0, 7);
}

/** Whether a word names a month, or is shaped like one ("2026-13") and so must be read as one. */
export const namesMonth = (word: string, now: Date) => /^\d{4}\s*[-/.年]\S*/.test(word) || parseWhen(word, now)?.grain === 'month';
