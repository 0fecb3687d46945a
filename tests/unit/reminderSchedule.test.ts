import { describe, expect, it } from 'vitest';
import { atLocal, formatLocal } from '../../src/domain/chinaTime.js';
import { parseNoticeOptions } from '../../src/domain/noticeOptions.js';
import {
  activityReminderMoment, applySetting, dayInMonth, DEFAULT_REMINDER_SETTINGS as D, noticeFollowUpMoment, parsePeriod, quarterOfPeriod,
  quarterSchedule, reminderFate, reportSchedule, returnsSchedule, returnsWindow, type SettingKey,
} from '../../src/domain/reminderSchedule.js';
import { DEFAULT_QUIET_HOURS, followUpMoment, nextWorkingMoment } from '../../src/domain/workCalendar.js';

const china = (local: string) => atLocal(local.slice(0, 10), local.slice(11));

const fmt = (d: Date | undefined) => (d ? formatLocal(d) : undefined);

describe('monthly report schedule (China time, national calendar)', () => {
  it.each([
    // period, due day, due, 3 days before, on the due day, escalation
    ['2026-11', 25, '2026-11-25', '2026-11-20 09:00', '2026-11-25 09:00', '2026-11-26 09:00'], // 22nd is a Sunday → Friday 20th
    ['2026-10', 4, '2026-10-04', undefined, '2026-09-30 09:00', '2026-10-08 09:00'], // National Day: both pulled to 30 Sep
    ['2026-10', 10, '2026-10-10', '2026-09-30 09:00', '2026-10-10 09:00', '2026-10-12 09:00'], // 10 Oct is a make-up working Saturday
    ['2027-02', 31, '2027-02-28', '2027-02-25 09:00', '2027-02-26 09:00', '2027-03-01 09:00'], // clamped; 28th is a Sunday
    ['2026-09', 30, '2026-09-30', '2026-09-24 09:00', '2026-09-30 09:00', '2026-10-08 09:00'], // 26–27 Sep weekend, 25th Mid-Autumn; escalation after National Day
  ])('%s due day %i → due %s, reminders %s / %s, escalation %s', (period, day, due, before, onDue, escalation) => {
    const s = reportSchedule(period, { ...D, reportDueDay: day });
    expect(s.due).toBe(due);
    expect(fmt(s.before)).toBe(before);
    expect(fmt(s.onDue)).toBe(onDue);
    expect(fmt(s.escalation)).toBe(escalation);
  });

  it('clamps a day the month lacks and says so', () => {
    expect(dayInMonth('2027-02', 31)).toEqual({ date: '2027-02-28', clamped: true });
    expect(dayInMonth('2028-02', 30)).toEqual({ date: '2028-02-29', clamped: true });
    expect(dayInMonth('2026-11', 30)).toEqual({ date: '2026-11-30', clamped: false });
  });

  it('moves a reminder time inside quiet hours out of them', () => {
    const s = reportSchedule('2026-11', { ...D, remindAt: '07:00', quiet: { start: '21:00', end: '08:30' } });
    expect(fmt(s.onDue)).toBe('2026-11-25 08:30');
  });
});

describe('returns window', () => {
  it.each([
    ['2026-12', 1, 10, '2026-12-08 09:00'], // two working days before Thursday the 10th
    ['2026-10', 1, 10, '2026-10-08 09:00'], // 10 Oct (Sat) is a make-up working day: 9th, 8th
    ['2026-11', 1, 2, '2026-11-02 09:00'], // would fall before the window opens: its first working day
  ])('%s days %i–%i: reminder %s', (period, start, end, reminder) => {
    expect(fmt(returnsSchedule(period, { ...D, returnsStartDay: start, returnsEndDay: end }).reminder)).toBe(reminder);
  });

  it.each([
    ['2026-03', 1, 10, '2026-03-01', '2026-03-10'],
    ['2026-02', 25, 31, '2026-02-25', '2026-02-28'], // a day February lacks is its last
    ['2028-02', 1, 30, '2028-02-01', '2028-02-29'], // a leap year
  ])('%s days %i–%i: %s to %s', (period, start, end, first, last) => {
    expect(returnsWindow(period, { ...D, returnsStartDay: start, returnsEndDay: end })).toEqual({ start: first, end: last });
  });
});

describe('quarters, activities and notices', () => {
  it('reminds on the 15th of the quarter’s last month and reports after the quarter', () => {
    expect(quarterOfPeriod('2026-11')).toBe('2026-Q4');
    const q = quarterSchedule('2026-Q3', D);
    expect([q.first, q.last, fmt(q.midReminder), fmt(q.endReport)]).toEqual(['2026-07-01', '2026-09-30', '2026-09-15 09:00', '2026-10-08 09:00']);
    expect(fmt(quarterSchedule('2026-Q4', D).midReminder)).toBe('2026-12-15 09:00');
  });

  it.each([
    ['2026-12-02', '15:00', 24, '2026-12-01 15:00'],
    ['2026-12-02', '08:30', 1, '2026-12-02 08:00'], // 07:30 is quiet; 08:00 is still before the start
    ['2026-12-02', '08:00', 1, '2026-12-01 20:59'], // the morning end is not before the start: the evening before
    ['2026-12-02', '22:30', 1, '2026-12-02 20:59'],
  ])('an activity on %s at %s, %i h before → %s', (date, time, hours, expected) => {
    expect(fmt(activityReminderMoment(atLocal(date, time), hours * 3600_000, D.quiet))).toBe(expected);
  });

  it('follows a notice up after the delay, on a working day and out of quiet hours', () => {
    expect(fmt(noticeFollowUpMoment(atLocal('2026-11-24', '10:00'), D))).toBe('2026-11-25 10:00');
    expect(fmt(noticeFollowUpMoment(atLocal('2026-11-27', '10:00'), D))).toBe('2026-11-30 09:00'); // Saturday → Monday
    expect(fmt(noticeFollowUpMoment(atLocal('2026-11-24', '22:00'), D))).toBe('2026-11-26 08:00');
  });

  it('finds the next working moment and the first working day after a date', () => {
    expect(fmt(nextWorkingMoment(atLocal('2026-10-03', '10:00')))).toBe('2026-10-08 08:00');
    expect(fmt(followUpMoment('2026-09-30', '09:00'))).toBe('2026-10-08 09:00');
  });
});

describe('typed settings and periods', () => {
  it.each<[SettingKey, string, object | undefined]>([
    ['reportDueDay', '28', { reportDueDay: 28 }],
    ['reportDueDay', '31', { reportDueDay: 31 }],
    ['reportDueDay', '32', undefined],
    ['reportDueDay', '0', undefined],
    ['reportDueDay', '二十', undefined],
    ['returns', '1-10', { returnsStartDay: 1, returnsEndDay: 10 }],
    ['returns', '5至15', { returnsStartDay: 5, returnsEndDay: 15 }],
    ['returns', '10-1', undefined],
    ['quiet', '22:00-7:30', { quiet: { start: '22:00', end: '07:30' } }],
    ['quiet', '25:00-08:00', undefined],
    ['quiet', '08:00-10:00', undefined], // would swallow the 09:00 reminder time
    ['quiet', '21：00-08：00', { quiet: { start: '21:00', end: '08:00' } }],
    ['quiet', '晚上9点-早上8点', { quiet: { start: '21:00', end: '08:00' } }],
    ['remindAt', '9点30', { remindAt: '09:30' }],
    ['remindAt', '上午9点半', { remindAt: '09:30' }],
    ['remindAt', '明天9点', undefined],
    ['remindAt', '23:00', undefined],
    ['noticeReminderHours', '48', { noticeReminderHours: 48 }],
    ['noticeReminderHours', '0', undefined],
  ])('%s = %s', (key, value, expected) => {
    const next = applySetting(D, key, value);
    if (expected === undefined) expect(next).toBeUndefined();
    else expect(next).toMatchObject(expected);
  });

  it.each([
    ['2026-11', '2026-11'],
    ['2026年3月', '2026-03'],
    ['2026/3', '2026-03'],
    ['2026-13', undefined],
    ['2026-02-30', undefined],
    ['last month', undefined],
  ])('period %s → %s', (text, expected) => {
    expect(parsePeriod(text)).toBe(expected);
  });
});

describe('notice options', () => {
  it.each([
    ['请各网格本周五前报送', { streets: [], levels: [], industries: [], text: '请各网格本周五前报送' }],
    ['街道=JS,XQ 级别=3 行业=工业 周五培训', { streets: ['JS', 'XQ'], levels: [3], industries: ['工业'], text: '周五培训' }],
    ['--街道 JS --级别 3 周五培训', { streets: ['JS'], levels: [3], industries: [], text: '周五培训' }],
    ['——街道 景山、新桥 行业：工业，贸易 周五 培训', { streets: ['景山', '新桥'], levels: [], industries: ['工业', '贸易'], text: '周五 培训' }],
    ['street=JS level=2 Training on Friday', { streets: ['JS'], levels: [2], industries: [], text: 'Training on Friday' }],
  ])('%s', (input, expected) => {
    expect(parseNoticeOptions(input)).toEqual(expected);
  });

  it.each(['街道=JS', '级别=4 正文', '街道=JS 街道=XQ 正文', ''])('refuses %j', (input) => {
    expect(parseNoticeOptions(input)).toBeUndefined();
  });
});

describe('reminderFate: what a reminder does when it comes due, or was missed', () => {
  const start = china('2026-12-09 15:00');
  const activity = { at: start, since: china('2026-12-08 10:00') };
  it.each([
    ['on its moment', '2026-12-09 14:00', '2026-12-09 14:00', activity, 'send on time'],
    ['ahead of its moment', '2026-12-09 14:00', '2026-12-09 13:00', activity, 'send on time'],
    ['after a 6-hour outage, the start still ahead', '2026-12-08 15:00', '2026-12-08 21:00', activity, 'skip quiet hours'],
    ['after an outage into the morning, the start still ahead', '2026-12-08 15:00', '2026-12-09 09:00', activity, 'send late'],
    ['after an outage past the start', '2026-12-09 14:00', '2026-12-09 15:30', activity, 'skip subject passed'],
    ['at the start itself', '2026-12-09 14:00', '2026-12-09 15:00', activity, 'skip subject passed'],
    ['planned before the activity existed', '2026-12-08 09:00', '2026-12-08 10:00', activity, 'skip before its subject'],
    ['planned before it existed, even when not yet due', '2026-12-08 09:00', '2026-12-08 08:00', activity, 'skip before its subject'],
    ['no subject, an hour late', '2026-12-09 09:00', '2026-12-09 10:00', {}, 'send late'],
    ['no subject, three hours late', '2026-12-09 09:00', '2026-12-09 12:00', {}, 'skip too late'],
  ])('%s: planned %s, judged %s → %s', (_what, planned, judged, subject, expected) => {
    const fate = reminderFate(china(planned), china(judged), subject, DEFAULT_QUIET_HOURS);
    expect('send' in fate ? `send ${fate.send}` : `skip ${fate.skip}`).toBe(expected);
  });
});
