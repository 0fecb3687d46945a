import { describe, expect, it } from 'vitest';
import { formatActivityNo, parseActivityNo, parseActivityType } from '../../src/domain/activity.js';
import {
  checkInState, defaultWindow, describeWindow, leaveOpen, nearestLocalTime, parseWindow, pickOpen, quarterCounts, quarterOf, yearRange,
} from '../../src/domain/attendanceWindow.js';
import { atLocal, formatLocal } from '../../src/domain/chinaTime.js';

const china = (local: string) => atLocal(local.slice(0, 10), local.slice(11));
const utc = (iso: string) => new Date(iso);

describe('the default check-in window: 30 minutes either side of the start', () => {
  const start = china('2026-03-12 14:30');
  const window = defaultWindow(start);

  it.each([
    ['2026-03-12 13:59', 'early'],
    ['2026-03-12 14:00', 'open'],
    ['2026-03-12 14:30', 'open'],
    ['2026-03-12 15:00', 'open'],
    ['2026-03-12 15:01', 'closed'],
    ['2026-03-13 14:30', 'closed'],
  ])('at %s China time it is %s', (local, state) => {
    expect(checkInState(window, china(local))).toBe(state);
  });

  it('reads in China time whatever the server zone: 06:00 UTC is 14:00 in Shanghai', () => {
    expect(checkInState(window, utc('2026-03-12T05:59:59Z'))).toBe('early');
    expect(checkInState(window, utc('2026-03-12T06:00:00Z'))).toBe('open');
    expect(checkInState(window, utc('2026-03-12T07:00:00Z'))).toBe('open');
    expect(checkInState(window, utc('2026-03-12T07:00:01Z'))).toBe('closed');
  });

  it('crosses midnight for a start just after it', () => {
    const w = defaultWindow(china('2026-03-13 00:10'));
    expect(formatLocal(w.opensAt)).toBe('2026-03-12 23:40');
    expect(describeWindow(w, china('2026-03-01 09:00'))).toBe('3月12日（周四）23:40–3月13日（周五）0:40');
    expect(checkInState(w, china('2026-03-12 23:45'))).toBe('open');
  });

  it('has no daylight saving: a window in July is the same 8 hours ahead of UTC as in January', () => {
    for (const date of ['2026-01-15', '2026-07-15', '2026-03-29', '2026-10-25']) {
      const w = defaultWindow(china(`${date} 09:00`));
      expect(w.opensAt.toISOString()).toBe(`${date}T00:30:00.000Z`);
    }
  });

  it('describes a same-day window with one date', () => {
    expect(describeWindow(window, china('2026-03-01 09:00'))).toBe('3月12日（周四）14:00–15:00');
    expect(describeWindow(window, china('2025-12-01 09:00'))).toBe('2026年3月12日（周四）14:00–15:00');
  });
});

describe('a typed window override', () => {
  const start = china('2026-03-12 14:30');

  it.each([
    ['13:30-15:00', '2026-03-12 13:30', '2026-03-12 15:00'],
    ['13:30至15:00', '2026-03-12 13:30', '2026-03-12 15:00'],
    ['9点-10点', '2026-03-12 09:00', '2026-03-12 10:00'],
    ['14：00-14：45', '2026-03-12 14:00', '2026-03-12 14:45'],
  ])('%s → %s – %s', (text, opens, closes) => {
    const parsed = parseWindow(text, start);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(formatLocal(parsed.window.opensAt)).toBe(opens);
      expect(formatLocal(parsed.window.closesAt)).toBe(closes);
    }
  });

  it('takes each time on the day nearest the start, so a window may span midnight', () => {
    const parsed = parseWindow('23:30-00:30', china('2026-03-12 23:50'));
    expect(parsed).toEqual({ ok: true, window: { opensAt: china('2026-03-12 23:30'), closesAt: china('2026-03-13 00:30') } });
    expect(formatLocal(nearestLocalTime(china('2026-03-13 00:05'), '23:55'))).toBe('2026-03-12 23:55');
  });

  it.each([
    ['15:00-13:30', 'order'],
    ['14:00', 'format'],
    ['25:00-26:00', 'format'],
    ['下午-晚上', 'format'],
  ])('%s is refused (%s)', (text, reason) => {
    expect(parseWindow(text, start)).toEqual({ ok: false, reason });
  });
});

describe('leave, several open activities, quarters', () => {
  it('allows leave only before the start', () => {
    const start = china('2026-03-12 14:30');
    expect(leaveOpen(start, china('2026-03-12 14:29'))).toBe(true);
    expect(leaveOpen(start, start)).toBe(false);
  });

  it('picks the open activity whose start is nearest now', () => {
    const make = (n: number, local: string) => ({ n, startsAt: china(local), ...defaultWindow(china(local)) });
    const list = [make(1, '2026-03-12 14:00'), make(2, '2026-03-12 14:40'), make(3, '2026-03-12 18:00')];
    expect(pickOpen(list, china('2026-03-12 14:15'))?.n).toBe(1);
    expect(pickOpen(list, china('2026-03-12 14:25'))?.n).toBe(2);
    expect(pickOpen(list, china('2026-03-12 16:00'))).toBeUndefined();
  });

  it.each([
    ['2026-03-31T15:59:59Z', 2026, 1], // 23:59:59 on 31 March in China
    ['2026-03-31T16:00:00Z', 2026, 2], // midnight, 1 April in China
    ['2025-12-31T16:30:00Z', 2026, 1], // still 31 December in UTC, already New Year in China
  ])('%s is quarter %i/%i in China time', (iso, year, quarter) => {
    expect(quarterOf(utc(iso))).toEqual({ year, quarter });
  });

  it('counts activities per quarter of a China-time year', () => {
    const starts = ['2026-01-05 09:00', '2026-03-31 23:30', '2026-04-01 00:00', '2025-12-31 23:00'].map(china);
    expect(quarterCounts(starts, 2026)).toEqual([2, 1, 0, 0]);
    expect(yearRange(2026).from.toISOString()).toBe('2025-12-31T16:00:00.000Z');
  });
});

describe('what people type', () => {
  it.each([
    ['例会', 'meeting'], ['培训', 'training'], ['团建', 'teamBuilding'], ['普法', 'lawPublicity'],
    ['Meeting', 'meeting'], ['team-building', 'teamBuilding'], ['聚餐', undefined],
  ])('activity type %s → %s', (text, type) => {
    expect(parseActivityType(text)).toBe(type);
  });

  it.each([
    ['A-0012', false, 12], ['a12', false, 12], ['12', false, 12], ['12', true, undefined], ['A-0', false, undefined], ['B-12', false, undefined],
  ])('activity number %s (prefix required: %s) → %s', (text, prefixed, n) => {
    expect(parseActivityNo(text, prefixed)).toBe(n);
  });

  it('formats numbers with four digits at least', () => {
    expect(formatActivityNo(12)).toBe('A-0012');
    expect(formatActivityNo(12345)).toBe('A-12345');
  });
});
