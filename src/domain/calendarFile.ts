import { addDays, parseLocalDate } from './chinaTime.js';
import type { CalendarYear } from './workCalendar.js';

/** How a line names its kind: days off, or make-up working days (调休上班). */
const KINDS: Record<string, 'holiday' | 'workday'> = {
  休: 'holiday', 假: 'holiday', 放假: 'holiday', 休息: 'holiday', holiday: 'holiday',
  班: 'workday', 上班: 'workday', 补班: 'workday', 调休上班: 'workday', workday: 'workday',
};

export type CalendarFileResult = { ok: true; calendar: CalendarYear } | { ok: false; errors: string[] };

/** "2027-01-01", "2027/1/1", or "1月1日" in the file's year. */
function dayOf(text: string, year: number): string | undefined {
  const short = /^(\d{1,2})月(\d{1,2})日?$/.exec(text);
  return parseLocalDate(short ? `${year}-${short[1]!.padStart(2, '0')}-${short[2]!.padStart(2, '0')}` : text);
}

/**
 * A year's holidays and make-up working days as the bureau types them from the State Council's
 * notice, one line each, as a CSV row or words: `2027-01-01,休,元旦`, `休 2027-02-06~2027-02-13 春节`,
 * `班 2月14日 春节调休`. A range (`~`, `至`, `-` between two dates) covers its days. `#` starts a
 * comment; a header row (`日期,类型`) is skipped. Every line is checked; any error rejects the file.
 */
export function parseCalendarFile(text: string, year: number): CalendarFileResult {
  const holidays = new Set<string>();
  const workdays = new Set<string>();
  const errors: string[] = [];
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (!line || /^日期|^date/i.test(line)) return;
    const words = line.split(/\s*[,，\t]\s*|\s+/).filter(Boolean);
    const kindAt = words.findIndex((w) => Object.hasOwn(KINDS, w.toLowerCase()));
    const kind = kindAt >= 0 ? KINDS[words[kindAt]!.toLowerCase()] : undefined;
    const span = words.filter((_, j) => j !== kindAt).find((w) => /\d/.test(w));
    const [from, to] = span ? span.split(/~|～|至|到|—|(?<=\d日?)-(?=\d{4}|\d{1,2}月)/).map((d) => dayOf(d.trim(), year)) : [];
    const last = to ?? from;
    if (!kind) return void errors.push(`第 ${i + 1} 行：没有写 休 或 班`);
    if (!from || !last || last < from) return void errors.push(`第 ${i + 1} 行：日期「${span ?? ''}」不对`);
    if (!from.startsWith(`${year}-`) || !last.startsWith(`${year}-`)) return void errors.push(`第 ${i + 1} 行：${from} 不在 ${year} 年`);
    for (let d = from; d <= last; d = addDays(d, 1)) (kind === 'holiday' ? holidays : workdays).add(d);
  });
  const both = [...holidays].filter((d) => workdays.has(d));
  if (both.length) errors.push(`${both.join('、')} 既是休息日又是上班日`);
  if (!errors.length && !holidays.size) errors.push('文件里没有任何休息日');
  return errors.length
    ? { ok: false, errors }
    : { ok: true, calendar: { year, holidays: [...holidays].sort(), workdays: [...workdays].sort() } };
}
