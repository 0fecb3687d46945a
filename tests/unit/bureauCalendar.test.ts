import { afterEach, describe, expect, it } from 'vitest';
import { parseCalendarFile } from '../../src/domain/calendarFile.js';
import { calendarOf, calendarSource, isWorkingDay, useBureauCalendar } from '../../src/domain/workCalendar.js';

describe('a calendar file the bureau types from the State Council notice', () => {
  it.each([
    ['CSV rows with a header', '日期,类型,名称\n2027-01-01,休,元旦\n2027-01-02,休,元旦\n2027-01-04,班,调休', ['2027-01-01', '2027-01-02'], ['2027-01-04']],
    ['ranges in words', '休 2027-02-06~2027-02-13 春节\n班 2月14日 春节调休', ['2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12', '2027-02-13'], ['2027-02-14']],
    ['month-day ranges with 至', '放假 5月1日至5月3日 劳动节 # three days', ['2027-05-01', '2027-05-02', '2027-05-03'], []],
    ['a dash between two dates, BOM and CRLF', '\uFEFFholiday 2027-10-01-2027-10-02\r\nworkday 2027/9/26\r\n', ['2027-10-01', '2027-10-02'], ['2027-09-26']],
  ])('reads %s', (_what, text, holidays, workdays) => {
    expect(parseCalendarFile(text, 2027)).toEqual({ ok: true, calendar: { year: 2027, holidays, workdays } });
  });

  it.each([
    ['no kind', '2027-01-01 元旦', '第 1 行：没有写 休 或 班'],
    ['a day that does not exist', '休 2027-02-30', '第 1 行：日期「2027-02-30」不对'],
    ['a range backwards', '休 2027-02-13~2027-02-06', '第 1 行：日期「2027-02-13~2027-02-06」不对'],
    ['another year', '# 2027\n休 2026-10-01', '第 2 行：2026-10-01 不在 2027 年'],
    ['a day both off and working', '休 2027-01-01\n班 2027-01-01', '2027-01-01 既是休息日又是上班日'],
    ['nothing off', '# empty', '文件里没有任何休息日'],
  ])('rejects %s', (_what, text, error) => {
    const result = parseCalendarFile(text, 2027);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toContain(error);
  });
});

describe('the bureau calendar overrides the package', () => {
  afterEach(() => useBureauCalendar([]));

  it('knows 2026 from the package and nothing of 2027 until the bureau enters it', () => {
    expect(calendarSource(2026)).toBe('package');
    expect(calendarSource(2027)).toBe('none');
    expect(isWorkingDay('2027-01-01')).toBe(true); // a Friday, by weekdays alone
    useBureauCalendar([{ year: 2027, holidays: ['2027-01-01'], workdays: ['2027-01-03'] }]);
    expect(calendarSource(2027)).toBe('bureau');
    expect(isWorkingDay('2027-01-01')).toBe(false);
    expect(isWorkingDay('2027-01-03')).toBe(true); // a Sunday made a working day
    expect(isWorkingDay('2027-01-02')).toBe(false); // a Saturday
    expect(isWorkingDay('2027-01-04')).toBe(true);
    expect(calendarOf(2027)).toEqual({ year: 2027, holidays: ['2027-01-01'], workdays: ['2027-01-03'] });
  });

  it('replaces a year the package has', () => {
    expect(isWorkingDay('2026-10-01')).toBe(false);
    useBureauCalendar([{ year: 2026, holidays: ['2026-12-31'], workdays: [] }]);
    expect(isWorkingDay('2026-10-01')).toBe(true);
    expect(isWorkingDay('2026-12-31')).toBe(false);
  });

  it('lists the package’s weekday holidays and weekend working days', () => {
    const y = calendarOf(2026);
    expect(y.holidays).toContain('2026-10-01');
    expect(y.workdays).toContain('2026-10-10');
  });
});
