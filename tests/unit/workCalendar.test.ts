import { describe, expect, it } from 'vitest';
import { atLocal, formatLocal, parseLocalDate, parseLocalTime } from '../../src/domain/chinaTime.js';
import {
  addWorkingDays, afterQuietHours, DEFAULT_QUIET_HOURS, inQuietHours, isWorkingDay, onOrBeforeWorkingDay, reminderMoment, workingDaysBefore,
} from '../../src/domain/workCalendar.js';

describe('working days (national calendar with make-up days)', () => {
  it.each([
    ['2026-10-01', false, 'National Day'],
    ['2026-10-07', false, 'National Day holiday'],
    ['2026-10-10', true, 'a Saturday made a working day (调休)'],
    ['2026-09-20', true, 'a Sunday made a working day'],
    ['2026-02-16', false, 'Spring Festival eve holiday'],
    ['2026-02-28', true, 'a Saturday made a working day after Spring Festival'],
    ['2026-11-26', true, 'an ordinary Thursday'],
    ['2026-11-28', false, 'an ordinary Saturday'],
  ])('%s working: %s (%s)', (date, working) => {
    expect(isWorkingDay(date)).toBe(working);
  });

  it.each([
    ['2026-10-05', '2026-09-30'],
    ['2026-10-10', '2026-10-10'],
    ['2026-11-29', '2026-11-27'],
    ['2026-01-01', '2025-12-31'],
  ])('a day off %s moves back to the working day %s', (date, expected) => {
    expect(onOrBeforeWorkingDay(date)).toBe(expected);
  });

  it('counts working days back over a holiday', () => {
    expect(workingDaysBefore('2026-10-09', 2)).toBe('2026-09-30');
    expect(workingDaysBefore('2026-12-10', 2)).toBe('2026-12-08');
  });
});

describe('quiet hours and reminder moments in China time', () => {
  it.each([
    ['2026-12-01T12:59:00Z', false], // 20:59 China
    ['2026-12-01T13:00:00Z', true], // 21:00
    ['2026-12-01T16:00:00Z', true], // 00:00, midnight
    ['2026-12-01T23:59:00Z', true], // 07:59
    ['2026-12-02T00:00:00Z', false], // 08:00
  ])('%s quiet: %s', (iso, quiet) => {
    expect(inQuietHours(new Date(iso), DEFAULT_QUIET_HOURS)).toBe(quiet);
  });

  it('moves a quiet-hours moment to 08:00 China time', () => {
    expect(formatLocal(afterQuietHours(new Date('2026-12-01T14:00:00Z'), DEFAULT_QUIET_HOURS))).toBe('2026-12-02 08:00');
    expect(formatLocal(afterQuietHours(new Date('2026-12-01T20:00:00Z'), DEFAULT_QUIET_HOURS))).toBe('2026-12-02 08:00');
  });

  it.each([
    ['2026-11-25', '09:00', '2026-11-25 09:00'],
    ['2026-10-04', '09:00', '2026-09-30 09:00'],
    ['2026-10-10', '09:00', '2026-10-10 09:00'],
    ['2026-11-25', '06:00', '2026-11-25 08:00'],
    ['2026-11-25', '22:30', '2026-11-25 20:59'],
  ])('a reminder for %s %s is sent at %s', (date, time, expected) => {
    expect(formatLocal(reminderMoment(date, time))).toBe(expected);
  });

  it('adds working days across a holiday, keeping the local time', () => {
    expect(formatLocal(addWorkingDays(atLocal('2026-09-29', '10:00'), 2))).toBe('2026-10-08 10:00');
    expect(formatLocal(addWorkingDays(atLocal('2026-11-27', '16:00'), 2))).toBe('2026-12-01 16:00');
    expect(formatLocal(addWorkingDays(atLocal('2026-11-28', '16:00'), 1))).toBe('2026-12-01 08:00');
    expect(formatLocal(addWorkingDays(atLocal('2026-11-26', '22:00'), 1))).toBe('2026-11-30 08:00');
    expect(formatLocal(addWorkingDays(atLocal('2026-11-25', '22:00'), 1))).toBe('2026-11-27 08:00');
  });
});

describe('typed dates and times', () => {
  it.each([
    ['2026-12-01', '2026-12-01'],
    ['2026/12/1', '2026-12-01'],
    ['2026年12月1日', '2026-12-01'],
    ['2025-02-30', undefined],
    ['2026-13-01', undefined],
    ['tomorrow', undefined],
  ])('date %s → %s', (text, expected) => {
    expect(parseLocalDate(text)).toBe(expected);
  });

  it.each([
    ['9:30', '09:30'],
    ['14:00', '14:00'],
    ['9点', '09:00'],
    ['9点30', '09:30'],
    ['25:00', undefined],
  ])('time %s → %s', (text, expected) => {
    expect(parseLocalTime(text)).toBe(expected);
  });
});
