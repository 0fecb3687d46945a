import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import type { OutboundMessage } from '../../src/core/types.js';
import { atLocal } from '../../src/domain/chinaTime.js';
import { defaultWindow } from '../../src/domain/attendanceWindow.js';
import { DEFAULT_REMINDER_SETTINGS, quarterSchedule } from '../../src/domain/reminderSchedule.js';
import { jobIdOf } from '../../src/queue/jobIds.js';
import {
  activityDayBefore, activityHourBefore, activitySummary, quarterActivityReminder, quarterActivityReport,
} from '../../src/reminders/activities.js';
import { REMINDER_QUEUE, type ReminderKind } from '../../src/reminders/occurrence.js';
import { createActivity } from '../../src/store/activities.js';
import { ActivityModel } from '../../src/store/models/activity.js';
import { AttendanceModel } from '../../src/store/models/attendance.js';
import { MemberModel } from '../../src/store/models/member.js';
import { phoneOf, seedSmallDistrict, type Handle } from '../support/fixtures.js';
import { tickReminders } from '../support/reminderTick.js';
import { startTestApp, waitFor, type TestApp } from '../support/testApp.js';

const clock = new ManualClock(atLocal('2026-12-01', '10:00'));
let t: TestApp;

const tick = (kind: ReminderKind<any>) => tickReminders(t, kind);

const plannedFor = async (id: string) => (await t.app.queue(REMINDER_QUEUE).getJob(jobIdOf(id)))?.data.plannedFor as string | undefined;
const to = (msgs: OutboundMessage[], h: Handle) => msgs.filter((m) => m.userId === phoneOf(h));

async function activity(eventKey: string, startsAt: Date, title: string) {
  return createActivity(
    { grid: 'JS-01', street: 'JS', type: 'training', title, startsAt, window: defaultWindow(startsAt), place: '景山统计之家', platform: 'console', chatId: 'JS-01', createdBy: 'test', announcedAt: clock.now() },
    eventKey,
  );
}

beforeAll(async () => {
  t = await startTestApp({ clock });
  await seedSmallDistrict();
});
afterAll(() => t.close());

describe('activity reminders, built on the activities of /活动', () => {
  it('reminds the group 24 hours and 1 hour before, once each', async () => {
    const a = await activity('evt-act-1', atLocal('2026-12-02', '15:00'), '统计法培训');
    expect(await tick(activityDayBefore)).toEqual([]);
    expect(await plannedFor(`activity-24h:JS:A-${String(a.number).padStart(4, '0')}`)).toBe(atLocal('2026-12-01', '15:00').toISOString());

    clock.set(atLocal('2026-12-01', '15:00'));
    const day = await tick(activityDayBefore);
    expect(day).toHaveLength(1);
    expect(day[0]).toMatchObject({ chatId: 'JS-01', buttons: [{ label: '签到', command: expect.stringMatching(/^\/签到 A-\d{4}$/) }] });
    expect(day[0]!.text).toMatch(/^【活动提醒】明天有活动：12月2日（周三）15:00 在景山统计之家开展培训「统计法培训」（A-\d{4}）/);
    expect(await tick(activityDayBefore)).toEqual([]);

    clock.set(atLocal('2026-12-02', '14:00'));
    const hour = await tick(activityHourBefore);
    expect(hour).toHaveLength(1);
    expect(hour[0]!.text).toContain('1 小时后开始：12月2日（周三）15:00');
    expect(await tick(activityHourBefore)).toEqual([]);
  });

  it('follows an activity that moves', async () => {
    clock.set(atLocal('2026-12-02', '09:00'));
    const a = await activity('evt-act-2', atLocal('2026-12-03', '10:00'), '例会');
    const id = `activity-24h:JS:A-${String(a.number).padStart(4, '0')}`;
    await tick(activityDayBefore);
    expect(await plannedFor(id)).toBe(atLocal('2026-12-02', '10:00').toISOString());
    await ActivityModel.updateOne({ number: a.number }, { $set: { startsAt: atLocal('2026-12-03', '16:00') } });
    await tick(activityDayBefore);
    expect(await plannedFor(id)).toBe(atLocal('2026-12-02', '16:00').toISOString());
  });

  it('gives the leader the attendance summary once check-in has closed', async () => {
    const a = (await ActivityModel.findOne({ title: '统计法培训' }).lean())!;
    const person = async (h: Handle) => (await MemberModel.findOne({ phone: phoneOf(h) }).lean())!;
    const [m1, m1b] = [await person('member1'), await person('member1b')];
    await AttendanceModel.create([
      { activity: a.number, grid: 'JS-01', member: m1._id.toString(), memberName: m1.name, status: 'present', at: atLocal('2026-12-02', '14:50') },
      { activity: a.number, grid: 'JS-01', member: m1b._id.toString(), memberName: m1b.name, status: 'leave', at: atLocal('2026-12-01', '18:00'), reason: '出差' },
    ]);
    clock.set(atLocal('2026-12-02', '15:30'));
    expect(await tick(activitySummary)).toEqual([]); // check-in still open
    clock.set(atLocal('2026-12-02', '15:31'));
    const sent = await tick(activitySummary);
    expect(sent).toHaveLength(1);
    expect(to(sent, 'leader1')[0]!.text).toMatch(
      /^【签到汇总】「统计法培训」（A-\d{4}，12月2日（周三）15:00）应到 6 人，实到 1 人，请假 1 人：一组员乙，缺席 4 人：(一格长|一副长|一组员丙|未登记)(、(一格长|一副长|一组员丙|未登记)){3}。$/,
    );
  });

  it('reminds grids without an activity by the 15th of the quarter’s last month, and reports them after it', async () => {
    clock.set(atLocal('2026-12-15', '09:00'));
    const mid = await tick(quarterActivityReminder);
    expect(mid.map((m) => m.userId).sort()).toEqual([phoneOf('leader2'), phoneOf('leaderXQ')].sort());
    expect(to(mid, 'leader2')[0]!.text).toContain('景山贸易网格2（JS-02）2026年第4季度还没有开展网格活动');

    clock.set(quarterSchedule('2026-Q4', DEFAULT_REMINDER_SETTINGS).endReport);
    const end = await tick(quarterActivityReport);
    expect(to(end, 'streetJS')[0]!.text).toBe('【季度活动汇总】2026年第4季度以下 1 个网格没有开展活动：\nJS-02 景山贸易网格2');
    expect(to(end, 'streetXQ')[0]!.text).toContain('XQ-01 新桥工业网格1');
    expect(end).toHaveLength(2);
  });
});
