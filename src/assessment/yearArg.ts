import { UserError } from '../core/errors.js';
import { localYearMonth } from '../domain/chinaTime.js';
import { parseWhen } from '../domain/when.js';
import { bi } from '../i18n/text.js';

/** The year typed ("2026", "2027年", "明年"), up to `ahead` years after the current one (China time); the current year when none is typed. */
export function yearArg(text: string | undefined, now: Date, ahead = 0): number {
  const current = localYearMonth(now).year;
  if (text === undefined) return current;
  const last = current + ahead;
  const when = parseWhen(text, now);
  const year = when?.grain === 'year' ? when.year : NaN;
  if (!(year >= 2000 && year <= last)) {
    throw new UserError(bi(`「${text}」不是有效的年份，请写 2000 到 ${last} 之间的年份，例如 ${current} 或 今年。`, `"${text}" is not a valid year here; write a year from 2000 to ${last}, e.g. ${current}.`));
  }
  return year;
}
