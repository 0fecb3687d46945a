import { describe, expect, it } from 'vitest';
import { atLocal } from '../../src/domain/chinaTime.js';
import { formatDay, formatReading, formatWhen, parseTimeOfDay, parseWhen } from '../../src/domain/when.js';

const china = (local: string) => atLocal(local.slice(0, 10), local.slice(11));
/** Saturday 5 December 2026, 16:00 in China. */
const SATURDAY = china('2026-12-05 16:00');
/** Monday 7 December 2026, 10:00 in China. */
const MONDAY = china('2026-12-07 10:00');

/** How a phrase reads: the reply's wording, its grain, and "?" when it was a guess; "-" when it is no date. */
function reading(text: string, now: Date): string {
  const when = parseWhen(text, now);
  return when ? `${formatReading(when, now)} ${when.grain}${when.guessed ? ' ?' : ''}` : '-';
}

describe('parseWhen: Chinese dates and times, read in China time', () => {
  it.each([
    // relative days, with and without a time
    ['明天下午3点', '12月6日（周日）15:00 minute'],
    ['明天 下午3点', '12月6日（周日）15:00 minute'],
    ['明天15:00', '12月6日（周日）15:00 minute'],
    ['明天 15:00', '12月6日（周日）15:00 minute'],
    ['明天 15：00', '12月6日（周日）15:00 minute'],
    ['明天', '12月6日（周日） day'],
    ['明日', '12月6日（周日） day'],
    ['今天', '12月5日（周六） day'],
    ['今天 18:30', '12月5日（周六）18:30 minute'],
    ['后天 9:30', '12月7日（周一）9:30 minute'],
    ['后天上午10点', '12月7日（周一）10:00 minute'],
    ['大后天上午十点', '12月8日（周二）10:00 minute'],
    ['今晚8点', '12月5日（周六）20:00 minute'],
    ['明晚7点半', '12月6日（周日）19:30 minute'],
    // weekdays: with 下/这/本 their week is named, bare ones are the next to come and a guess
    ['下周三 14:30', '12月9日（周三）14:30 minute'],
    ['下周一', '12月7日（周一） day'],
    ['下星期五上午9点', '12月11日（周五）9:00 minute'],
    ['这周五', '12月4日（周五） day'],
    ['本周五', '12月4日（周五） day'],
    ['周三', '12月9日（周三） day ?'],
    ['星期三下午2点', '12月9日（周三）14:00 minute ?'],
    ['礼拜一', '12月7日（周一） day ?'],
    ['周六', '12月12日（周六） day ?'],
    ['周日', '12月6日（周日） day ?'],
    // month and day, in every way people type them
    ['12月8日', '12月8日（周二） day'],
    ['12月8号', '12月8日（周二） day'],
    ['十二月八日', '12月8日（周二） day'],
    ['12.8', '12月8日（周二） day'],
    ['12/8', '12月8日（周二） day'],
    ['12.8 15:00', '12月8日（周二）15:00 minute'],
    ['12月9日15:00', '12月9日（周三）15:00 minute'],
    ['12月8日上午9点', '12月8日（周二）9:00 minute'],
    ['12月9日 下午3点', '12月9日（周三）15:00 minute'],
    ['本月25号', '12月25日（周五） day'],
    ['下个月31号', '2027年1月31日（周日） day'],
    ['上个月31日', '-'],
    ['这个月28日', '12月28日（周一） day'],
    ['25号', '12月25日（周五） day'],
    ['下个月3号', '2027年1月3日（周日） day'],
    ['12月1日', '12月1日（周二） day'],
    ['1月5日', '2027年1月5日（周二） day ?'],
    ['2027年1月5日', '2027年1月5日（周二） day'],
    ['2026-12-09', '12月9日（周三） day'],
    ['2026/12/9', '12月9日（周三） day'],
    ['2026-12-09 15:00', '12月9日（周三）15:00 minute'],
    ['2028年2月29日', '2028年2月29日（周二） day'],
    // times alone are today's; without 上午/下午, 1–6 o'clock is the afternoon, 7–11 with 点 a guess
    ['15：00', '12月5日（周六）15:00 minute'],
    ['15:00', '12月5日（周六）15:00 minute'],
    ['下午3点', '12月5日（周六）15:00 minute'],
    ['3点半', '12月5日（周六）15:30 minute ?'],
    ['3点', '12月5日（周六）15:00 minute ?'],
    ['3:00', '12月5日（周六）15:00 minute ?'],
    ['8点', '12月5日（周六）8:00 minute ?'],
    ['9:30', '12月5日（周六）9:30 minute'],
    ['09:30', '12月5日（周六）9:30 minute'],
    ['上午9点', '12月5日（周六）9:00 minute'],
    ['晚上9点半', '12月5日（周六）21:30 minute'],
    ['中午12点', '12月5日（周六）12:00 minute'],
    ['12点', '12月5日（周六）12:00 minute'],
    ['0点', '12月5日（周六）0:00 minute'],
    ['凌晨1点', '12月5日（周六）1:00 minute'],
    // years and months
    ['明年', '2027年 year'],
    ['今年', '2026年 year'],
    ['去年', '2025年 year'],
    ['2027年', '2027年 year'],
    ['2027', '2027年 year'],
    ['２０２７年', '2027年 year'],
    ['上个月', '11月 month'],
    ['上月', '11月 month'],
    ['本月', '12月 month'],
    ['下个月', '2027年1月 month'],
    ['11月', '11月 month'],
    ['2026-11', '11月 month'],
    ['2026年11月', '11月 month'],
    ['2025年11月', '2025年11月 month'],
    // a moment copied from a reply reads back
    ['12月9日（周三）15:00', '12月9日（周三）15:00 minute'],
    ['2027年1月4日（周一）9:00', '2027年1月4日（周一）9:00 minute'],
    // in English, for those who use the bot in English
    ['tomorrow 3pm', '12月6日（周日）15:00 minute'],
    ['tomorrow', '12月6日（周日） day'],
    ['2026-12-09 15:00', '12月9日（周三）15:00 minute'],
    // not dates, or not only a date
    ['2月30日', '-'],
    ['2026年2月29日', '-'],
    ['13月', '-'],
    ['abc', '-'],
    ['', '-'],
    ['明天下午3点 CS-H', '-'],
    ['例会', '-'],
  ])('%s → %s', (text, expected) => {
    expect(reading(text, SATURDAY)).toBe(expected);
  });

  it.each([
    ['下周三 14:30', '12月16日（周三）14:30 minute'],
    ['下周一', '12月14日（周一） day'],
    ['周一', '12月14日（周一） day ?'],
    ['周一 11:00', '12月7日（周一）11:00 minute ?'],
    ['周一 9:00', '12月14日（周一）9:00 minute ?'],
    ['本周五', '12月11日（周五） day'],
  ])('on a Monday, %s → %s', (text, expected) => {
    expect(reading(text, MONDAY)).toBe(expected);
  });

  describe('at the China-time midnight, whatever UTC says', () => {
    it.each([
      // 23:59 on Saturday 5 December in China is 15:59 UTC
      ['2026-12-05T15:59:00Z', '今天', '12月5日（周六） day'],
      ['2026-12-05T15:59:00Z', '明天', '12月6日（周日） day'],
      ['2026-12-05T15:59:00Z', '明天 9:00', '12月6日（周日）9:00 minute'],
      // 00:30 on Sunday 6 December in China is still Saturday in UTC
      ['2026-12-05T16:30:00Z', '今天', '12月6日（周日） day'],
      ['2026-12-05T16:30:00Z', '后天', '12月8日（周二） day'],
      ['2026-12-05T16:30:00Z', '15:00', '12月6日（周日）15:00 minute'],
      // up late, 明天 may mean the day just begun: read as the calendar's next day, and said
      ['2026-12-05T16:30:00Z', '明天 9:00', '12月7日（周一）9:00 minute ?'],
      // 03:00 in China: 明天 is the calendar's next day again
      ['2026-12-05T19:00:00Z', '明天', '12月7日（周一） day'],
      // New Year's Eve 23:30 in China: 明天 and 明年 are in 2027, and shown with the year
      ['2026-12-31T15:30:00Z', '明天', '2027年1月1日（周五） day'],
      ['2026-12-31T15:30:00Z', '明年', '2027年 year'],
      ['2026-12-31T15:30:00Z', '下个月', '2027年1月 month'],
      // 00:10 on 1 January 2027 in China (still 2026 in UTC): this year is 2027
      ['2026-12-31T16:10:00Z', '今年', '2027年 year'],
      ['2026-12-31T16:10:00Z', '上个月', '2026年12月 month'],
      ['2026-12-31T16:10:00Z', '今天', '1月1日（周五） day'],
    ])('at %s, %s → %s', (iso, text, expected) => {
      expect(reading(text, new Date(iso))).toBe(expected);
    });
  });

  it('gives the instant in China time', () => {
    expect(parseWhen('明天下午3点', SATURDAY)?.at.toISOString()).toBe('2026-12-06T07:00:00.000Z');
    expect(parseWhen('明天', SATURDAY)?.at.toISOString()).toBe('2026-12-05T16:00:00.000Z');
    expect(parseWhen('2027年', SATURDAY)?.at.toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(parseWhen('明天下午3点', SATURDAY)).toMatchObject({ date: '2026-12-06', time: '15:00', year: 2026, month: 12 });
  });
});

describe('one date format in replies', () => {
  it.each([
    ['2026-12-09 15:00', '12月9日（周三）15:00'],
    ['2026-12-09 09:05', '12月9日（周三）9:05'],
    ['2027-01-04 09:00', '2027年1月4日（周一）9:00'],
    ['2025-12-31 23:59', '2025年12月31日（周三）23:59'],
  ])('%s is shown as %s this year (2026)', (local, shown) => {
    expect(formatWhen(china(local), SATURDAY)).toBe(shown);
  });

  it('shows a day with its weekday, the year only when it is another', () => {
    expect(formatDay(china('2026-12-06 00:00'), SATURDAY)).toBe('12月6日（周日）');
    expect(formatDay(china('2027-01-01 00:00'), SATURDAY)).toBe('2027年1月1日（周五）');
  });
});

describe('parseTimeOfDay: a time a setting takes, as written', () => {
  it.each([
    ['21:00', '21:00'], ['21：00', '21:00'], ['7:30', '07:30'], ['晚上9点', '21:00'], ['早上8点', '08:00'], ['9点半', '09:30'],
    ['下午2点', '14:00'], ['8点', '08:00'], ['上午9点30分', '09:30'], ['中午12点', '12:00'], ['晚上12点', '00:00'], ['凌晨1点', '01:00'],
    ['下午3点半', '15:30'], ['25:00', undefined], ['明天9点', undefined], ['周三9点', undefined], ['九点钟吧', undefined], ['', undefined],
  ])('%s → %s', (text, expected) => {
    expect(parseTimeOfDay(text)).toBe(expected);
  });
});
