import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { CHINA_ZONE } from './chinaTime.js';
import { keywordOf } from './keywords.js';

/** How much of a moment the text named: a time of day, a day, a month or a whole year. */
export type Grain = 'minute' | 'day' | 'month' | 'year';

export interface When {
  grain: Grain;
  /** The moment, or the start (China midnight) of the day, month or year named. */
  at: Date;
  /** "YYYY-MM-DD" of `at` in China time. */
  date: string;
  /** "HH:mm", for a moment only. */
  time?: string;
  year: number;
  month: number;
  /** The text allowed another reading (3点 could be 3:00 or 15:00, 周三 this week or next): say how it was read. */
  guessed: boolean;
}

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];
/** Words that settle the half of the day, so "3点" after one of them is not a guess. */
const MERIDIEM_WORDS = /上午|早上|早晨|凌晨|清晨|中午|下午|傍晚|晚上|今晚|明晚|夜里|夜间|早|晚/;
/** A weekday with 本/这/下/上 before it names its week; a bare one could be this week's or next. */
const BARE_WEEKDAY = /(?:^|[^本这下上])(?:周|星期|礼拜)[一二三四五六日天]/;
const RELATIVE_YEARS: Record<string, number> = { 前年: -2, 去年: -1, 今年: 0, 本年: 0, 明年: 1, 后年: 2 };
const RELATIVE_MONTHS: Record<string, number> = { 上个月: -1, 上月: -1, 本月: 0, 这个月: 0, 当月: 0, 下个月: 1, 下月: 1 };

const chinaNow = (now: Date) => DateTime.fromJSDate(now, { zone: CHINA_ZONE });

function whenOf(dt: DateTime, grain: Grain, guessed: boolean): When {
  return {
    grain, guessed, at: dt.toJSDate(), date: dt.toISODate()!, year: dt.year, month: dt.month,
    ...(grain === 'minute' ? { time: dt.toFormat('HH:mm') } : {}),
  };
}

/**
 * Full-width digits, colons and spaces as ASCII; 号 as 日, 本周 as 这周 (chrono knows those); the
 * weekday our replies show after a date dropped, so a moment copied from a reply reads back; single spaces.
 */
function normalize(text: string): string {
  return text.normalize('NFKC').replace(/号/g, '日').replace(/本周/g, '这周').replace(/(日)\(周[一二三四五六日]\)/g, '$1')
    .replace(/\s+/g, ' ').trim();
}

/** Whether the text names a year ("2027", "2027年", "明年"), whichever year that is. */
export const namesYear = (text: string) => /^\d{4}年?$/.test(normalize(text)) || keywordOf(RELATIVE_YEARS, normalize(text)) !== undefined;

/** "2027", "2027年", "明年": a whole year. */
function yearOf(text: string, now: DateTime): When | undefined {
  const typed = /^(\d{4})年?$/.exec(text);
  const offset = keywordOf(RELATIVE_YEARS, text);
  const year = typed ? Number(typed[1]) : offset === undefined ? undefined : now.year + offset;
  if (year === undefined || year < 1900 || year > 2200) return undefined;
  return whenOf(DateTime.fromObject({ year }, { zone: CHINA_ZONE }), 'year', false);
}

/** "2026-11", "2026年11月", "11月", "上个月": a whole month. */
function monthOf(text: string, now: DateTime): When | undefined {
  const offset = keywordOf(RELATIVE_MONTHS, text);
  if (offset !== undefined) return whenOf(now.startOf('month').plus({ months: offset }), 'month', false);
  const full = /^(\d{4})(?:[-/.]|年)(\d{1,2})月?份?$/.exec(text);
  const bare = /^(\d{1,2})月份?$/.exec(text);
  const year = full ? Number(full[1]) : now.year;
  const month = Number((full ?? bare)?.[2] ?? bare?.[1]);
  if (!(full || bare) || month < 1 || month > 12) return undefined;
  return whenOf(DateTime.fromObject({ year, month }, { zone: CHINA_ZONE }), 'month', false);
}

const DAY_WORDS: Record<string, [number, string]> = {
  今天: [0, ''], 今日: [0, ''], 明天: [1, ''], 明日: [1, ''], 后天: [2, ''], 大后天: [3, ''],
  今晚: [0, '晚上'], 明晚: [1, '晚上'], 今早: [0, '早上'], 明早: [1, '早上'],
};

/**
 * Rewrites what chrono's zh locale does not read, or reads otherwise, into dates it does: 明天 as
 * the calendar's next day in China (chrono keeps today until 2:00), "2026/12/9", "12.8" and "12/8",
 * "本月25日" and "下个月3日" with their month, a bare "25日" as this month's.
 */
function spellOut(text: string, now: DateTime): string {
  const dated = (dt: DateTime) => `${dt.year}年${dt.month}月${dt.day}日`;
  return text
    .replace(/^(大后天|今天|今日|明天|明日|后天|今晚|明晚|今早|明早)\s?/, (_, word: string) => {
      const [days, part] = DAY_WORDS[word]!;
      return `${dated(now.plus({ days }))}${part}`;
    })
    .replace(/^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?=$|\s|[^\d:])/, '$1年$2月$3日')
    .replace(/^(\d{1,2})[./](\d{1,2})(?=$|\s|[^\d:])/, '$1月$2日')
    .replace(/^(上个月|上月|本月|这个月|当月|下个月|下月)(\d{1,2})日/, (_, word: string, day: string) => {
      const month = now.startOf('month').plus({ months: RELATIVE_MONTHS[word]! });
      return `${month.year}年${month.month}月${day}日`;
    })
    .replace(/^(\d{1,2})日/, `${now.month}月$1日`);
}

/**
 * A date, time, month or year typed in Chinese, read in China time from `now`: 明天下午3点, 后天 9:30,
 * 下周三 14:30, 12月8日, 12.8, 本月25日, 15：00, 3点半, 2026-12-09 15:00, 明年, 2027年, 上个月.
 * Where the text could mean two things the reading looking ahead is taken and `guessed` is set:
 * a time from 1 to 6 without 上午/下午 is the afternoon's, one from 7 to 11 written with 点 the
 * morning's; a bare weekday is the next one to come; a month and day without a year more than a
 * month past is next year's; 明天 typed before 2:00 could be the day just begun. Undefined when the text is not a date (or not all of it is).
 */
export function parseWhen(typed: string, now: Date): When | undefined {
  const today = chinaNow(now);
  const text = normalize(typed);
  if (!text) return undefined;
  const period = yearOf(text, today) ?? monthOf(text, today);
  if (period) return period;

  const spelled = spellOut(text, today);
  // chrono reckons 今天 and 明天 in the process's zone: hand it China's wall clock as a local time.
  const wallClock = new Date(today.year, today.month - 1, today.day, today.hour, today.minute);
  // English for those who use the bot in English ("tomorrow 3pm"); Chinese for everyone else.
  const results = (/[\u3400-\u9fff]/.test(spelled) ? chrono.zh.hans : chrono.en).parse(spelled, wallClock);
  const found = results[0];
  if (results.length !== 1 || !found || found.index !== 0 || found.text.length !== spelled.length) return undefined;
  const start = found.start;
  const hasTime = start.isCertain('hour');
  const hasDay = start.isCertain('day') || start.isCertain('weekday');
  // Before 2:00 people up late may mean the day just begun by 明天: read as the calendar's, and say so.
  let guessed = /^明/.test(text) && today.hour < 2;

  let hour = hasTime ? (start.get('hour') ?? 0) : 0;
  const minute = hasTime ? (start.get('minute') ?? 0) : 0;
  if (hasTime && !start.isCertain('meridiem') && !MERIDIEM_WORDS.test(spelled) && hour >= 1 && hour <= 11) {
    const clockFace = /\d:\d\d/.test(spelled);
    if (hour <= 6) {
      hour += 12;
      guessed = true;
    } else if (!clockFace) guessed = true;
  }

  let day = DateTime.fromObject(
    { year: start.get('year')!, month: start.get('month')!, day: start.get('day')! },
    { zone: CHINA_ZONE },
  );
  // chrono rolls 2月30日 over to March; a date that does not exist is the user's to fix.
  if (!day.isValid || (start.isCertain('day') && day.day !== start.get('day'))) return undefined;

  if (start.isCertain('weekday') && BARE_WEEKDAY.test(spelled)) {
    const weekday = start.get('weekday')! || 7;
    day = today.startOf('day').plus({ days: (weekday - today.weekday + 7) % 7 });
    if (hasTime ? day.set({ hour, minute }) <= today : day.hasSame(today, 'day')) day = day.plus({ weeks: 1 });
    guessed = true;
  } else if (start.isCertain('day') && start.isCertain('month') && !start.isCertain('year')) {
    if (day < today.startOf('day').minus({ days: 31 })) {
      day = day.plus({ years: 1 });
      guessed = true;
    }
  }
  if (!hasDay && !hasTime) return undefined;
  const at = day.set({ hour, minute, second: 0, millisecond: 0 });
  return whenOf(hasTime ? at : day.startOf('day'), hasTime ? 'minute' : 'day', guessed);
}

/** "12月9日（周三）", with the year when it is not `now`'s: "2027年1月4日（周一）". */
export function formatDay(instant: Date, now: Date): string {
  const dt = DateTime.fromJSDate(instant, { zone: CHINA_ZONE });
  const year = dt.year === chinaNow(now).year ? '' : `${dt.year}年`;
  return `${year}${dt.month}月${dt.day}日（周${WEEKDAYS[dt.weekday - 1]}）`;
}

/** The one way replies show a moment: "12月9日（周三）15:00", the year only when it is not `now`'s. */
export function formatWhen(instant: Date, now: Date): string {
  return `${formatDay(instant, now)}${DateTime.fromJSDate(instant, { zone: CHINA_ZONE }).toFormat('H:mm')}`;
}

/** "12月9日（周三）15:00" or "12月9日（周三）" or "2027年1月" or "2027年", as the grain the person typed. */
export function formatReading(when: When, now: Date): string {
  if (when.grain === 'year') return `${when.year}年`;
  if (when.grain === 'month') return `${when.year === chinaNow(now).year ? '' : `${when.year}年`}${when.month}月`;
  return when.grain === 'day' ? formatDay(when.at, now) : formatWhen(when.at, now);
}

/** The date and time a command's words start with: two words ("明天 15:00") or one ("明天下午3点"), and how many. */
export function leadingWhen(words: string[], now: Date): { when: When; used: number } | undefined {
  for (const used of [2, 1]) {
    const when = words.length >= used ? parseWhen(words.slice(0, used).join(' '), now) : undefined;
    if (when) return { when, used };
  }
  return undefined;
}

/**
 * A time of day as a setting takes it, with no day: "21:00", "21：00", "晚上9点", "9点半", "下午2点".
 * Read as written (a bare "8点" is 08:00: a setting is no appointment, so nothing is guessed ahead).
 */
export function parseTimeOfDay(typed: string): string | undefined {
  const text = normalize(typed);
  const results = (/[\u3400-\u9fff]/.test(text) ? chrono.zh.hans : chrono.en).parse(text, new Date(2026, 0, 5, 12));
  const found = results[0];
  if (results.length !== 1 || !found || found.index !== 0 || found.text.length !== text.length) return undefined;
  const start = found.start;
  if (!start.isCertain('hour') || start.isCertain('day') || start.isCertain('weekday')) return undefined;
  // chrono reads 晚上12点 as noon; at night it is midnight.
  const hour = start.get('hour') === 12 && /晚上|夜里|夜间|半夜/.test(text) ? 0 : start.get('hour')!;
  return DateTime.fromObject({ hour, minute: start.get('minute') ?? 0 }).toFormat('HH:mm');
}
