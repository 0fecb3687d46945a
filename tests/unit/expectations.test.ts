import { describe, expect, it } from 'vitest';
import { atLocal } from '../../src/domain/chinaTime.js';
import { countSince, deadlinesInForce, inForce, monthsExpected, startOf, type DeadlineDays } from '../../src/domain/expectations.js';

const DEFAULTS: DeadlineDays = { validFrom: '', reportDueDay: 25, returnsEndDay: 10 };
const DECEMBER_CHANGE: DeadlineDays = { validFrom: '2026-12', reportDueDay: 5, returnsEndDay: 3 };
const at = (text: string) => atLocal(text.slice(0, 10), text.slice(11) || '00:00');
const months = (list: Array<{ period: string }>) => list.map((d) => d.period.slice(5)).join(' ');

describe('monthly duties expected', () => {
  it.each([
    // what, settings history, start (member or grid), as of, reports expected (due day), returns expected (end day)
    ['a whole year, defaults', [DEFAULTS], undefined, '2027-01-01', '01 02 03 04 05 06 07 08 09 10 11 12', '01 02 03 04 05 06 07 08 09 10 11 12'],
    ['joined in September, before its deadlines', [DEFAULTS], '2026-09-03 10:00', '2027-01-01', '09 10 11 12', '09 10 11 12'],
    ['joined in September after the report day', [DEFAULTS], '2026-09-28 10:00', '2027-01-01', '10 11 12', '10 11 12'],
    ['joined on a deadline day: that month is still theirs', [DEFAULTS], '2026-09-25 16:00', '2027-01-01', '09 10 11 12', '10 11 12'],
    ['grid started in mid-year', [DEFAULTS], '2026-06-15 00:00', '2027-01-01', '06 07 08 09 10 11 12', '07 08 09 10 11 12'],
    ['December, old settings: its report not due yet', [DEFAULTS], undefined, '2026-12-06 09:00',
      '01 02 03 04 05 06 07 08 09 10 11', '01 02 03 04 05 06 07 08 09 10 11'],
    ['settings changed in December apply from December only', [DEFAULTS, DECEMBER_CHANGE], undefined, '2026-12-06 09:00',
      '01 02 03 04 05 06 07 08 09 10 11 12', '01 02 03 04 05 06 07 08 09 10 11 12'],
    ['a change and a late joiner', [DECEMBER_CHANGE, DEFAULTS], '2026-11-30 12:00', '2026-12-06 09:00', '12', '12'],
  ])('%s', (_what, history, start, asOf, reports, returns) => {
    const s = start ? at(start) : undefined;
    expect(months(monthsExpected(deadlinesInForce(2026, history, (d) => d.reportDueDay), s, at(asOf)))).toBe(reports);
    expect(months(monthsExpected(deadlinesInForce(2026, history, (d) => d.returnsEndDay), s, at(asOf)))).toBe(returns);
  });

  it('keeps each month on the day then in force', () => {
    const due = deadlinesInForce(2026, [DEFAULTS, DECEMBER_CHANGE], (d) => d.reportDueDay);
    expect(due.map((d) => d.day).slice(10)).toEqual(['2026-11-25', '2026-12-05']);
  });
});

describe('settings in force', () => {
  const history = [DECEMBER_CHANGE, DEFAULTS, { validFrom: '2026-06', reportDueDay: 20, returnsEndDay: 8 }];
  it.each([
    ['2026-01', 25],
    ['2026-05', 25],
    ['2026-06', 20],
    ['2026-11', 20],
    ['2026-12', 5],
    ['2027-03', 5],
  ])('%s: report due on day %i', (period, day) => {
    expect(inForce(history, period).reportDueDay).toBe(day);
  });

  it('takes the earliest entry for a month before them all', () => {
    expect(inForce([DECEMBER_CHANGE], '2026-01')).toBe(DECEMBER_CHANGE);
  });

  it('needs an entry', () => {
    expect(() => inForce([], '2026-01')).toThrow(RangeError);
  });
});

describe('counted from the start', () => {
  const held = ['2026-02-10', '2026-05-12', '2026-09-01', '2026-09-20', '2026-11-18'].map((d) => atLocal(d, '14:00').getTime());
  it.each([
    ['always there', undefined, 5],
    ['joined in September, before its first activity', '2026-09-01 09:00', 3],
    ['joined in September, during its first activity', '2026-09-01 15:00', 2],
    ['joined after the last', '2026-12-01 00:00', 0],
    ['joined before the year', '2025-06-01 00:00', 5],
  ])('%s', (_what, start, n) => {
    expect(countSince(held, start ? at(start) : undefined)).toBe(n);
  });

  it('takes the later of a member start and a grid start', () => {
    expect(startOf(undefined, null)).toBeUndefined();
    expect(startOf(at('2026-03-01 00:00'), undefined)).toEqual(at('2026-03-01 00:00'));
    expect(startOf(at('2026-03-01 00:00'), at('2026-07-01 00:00'))).toEqual(at('2026-07-01 00:00'));
  });
});
