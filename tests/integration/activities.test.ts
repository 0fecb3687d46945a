import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { atLocal } from '../../src/domain/chinaTime.js';
import { defaultWindow } from '../../src/domain/attendanceWindow.js';
import { createActivity, upcomingActivities } from '../../src/store/activities.js';
import { recordAttendance } from '../../src/store/attendance.js';
import { ActivityModel } from '../../src/store/models/activity.js';
import { AttendanceModel } from '../../src/store/models/attendance.js';
import { AuditLogModel } from '../../src/store/models/auditLog.js';
import type { TallyDoc } from '../../src/store/gridTallies.js';
import { GridTallyModel, tallyId } from '../../src/store/models/gridTally.js';
import { CounterModel } from '../../src/store/models/counter.js';
import { MemberModel } from '../../src/store/models/member.js';
import { StatHomeModel } from '../../src/store/models/statHome.js';
import { phoneOf, seedSmallDistrict, type Handle } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

const clock = new ManualClock(atLocal('2026-03-10', '10:00'));
const at = (date: string, time: string) => clock.set(atLocal(date, time));
let t: TestApp;

/** Says something as a person of the small district, in a grid's group (JS-01 unless told). */
const say = (who: Handle, text: string, chat = 'JS-01') => t.say(text, { as: phoneOf(who), chat });
const one = async (who: Handle, text: string, chat = 'JS-01') => (await say(who, text, chat))[0]!;

/** What an invalid command must leave untouched. */
async function snapshot() {
  const [activities, attendance, members, counters, audit] = await Promise.all([
    ActivityModel.find().sort({ number: 1 }).lean(),
    AttendanceModel.find().sort({ activity: 1, member: 1 }).lean(),
    MemberModel.find().sort({ phone: 1 }).lean(),
    CounterModel.find().lean(),
    AuditLogModel.countDocuments(),
  ]);
  return JSON.stringify({ activities, attendance, members, counters, audit });
}

async function refusedWithoutWrite(who: Handle, text: string, expected: string | RegExp, chat = 'JS-01') {
  const before = await snapshot();
  const reply = await one(who, text, chat);
  if (typeof expected === 'string') expect(reply).toBe(expected);
  else expect(reply).toMatch(expected);
  expect(await snapshot()).toBe(before);
}

beforeAll(async () => {
  t = await startTestApp({ clock });
  await seedSmallDistrict();
  await StatHomeModel.insertMany([
    { code: 'JS-H', name: '景山街道统计之家', scope: 'street', street: 'JS', address: '景山便民服务中心二楼' },
    { code: 'JS-01-H', name: '景山网格1统计之家', scope: 'grid', street: 'JS', grid: 'JS-01' },
    { code: 'JS-02-H', name: '景山网格2统计之家', scope: 'grid', street: 'JS', grid: 'JS-02' },
    { code: 'XQ-H', name: '新桥街道统计之家', scope: 'street', street: 'XQ' },
  ]);
});
afterAll(() => t.close());

describe('statistics homes', () => {
  it('lists the street’s homes and the grid’s own in a level-3 group, every home of the street in a street group', async () => {
    const inGrid = await one('member1', '/统计之家');
    expect(inGrid).toContain('JS-H 景山街道统计之家｜景山便民服务中心二楼');
    expect(inGrid).toContain('JS-01-H 景山网格1统计之家');
    expect(inGrid).not.toContain('JS-02-H');
    expect(inGrid).not.toContain('XQ-H');
    const inStreet = await one('streetJS', '/统计之家', 'JS');
    expect(inStreet).toContain('JS-02-H');
    expect(inStreet).not.toContain('XQ-H');
  });
});

describe('creating an activity', () => {
  it('announces it in the group with a check-in button, numbered A-0001', async () => {
    const msg = t.message('/活动 例会 2026-03-10 14:30 JS-H 一季度统计例会', { as: phoneOf('leader1'), chat: 'JS-01' });
    await t.app.inbox.accept(msg);
    const [announcement] = await t.settle(msg);
    expect(announcement).toMatchObject({
      chatId: 'JS-01',
      title: '活动通知 A-0001',
      buttons: [{ label: '签到', command: '/签到 A-0001' }],
    });
    expect(announcement!.text).toContain('例会：一季度统计例会');
    expect(announcement!.text).toContain('时间：3月10日（周二）14:30');
    expect(announcement!.text).toContain('地点：景山街道统计之家（景山便民服务中心二楼）');
    expect(announcement!.text).toContain('签到：3月10日（周二）14:00–15:00');
    const stored = await ActivityModel.findOne({ number: 1 }).lean();
    expect(stored).toMatchObject({ grid: 'JS-01', street: 'JS', type: 'meeting', homeCode: 'JS-H', platform: 'console', chatId: 'JS-01' });
    expect(await AuditLogModel.countDocuments({ command: 'activity', result: 'ok' })).toBe(1);
  });

  it('takes a place written out, 明天, and a check-in window of its own; English in English', async () => {
    const zh = await one('deputy1', '/活动 培训 明天 9:00 "村委会 二楼会议室" 统计法培训 签到=8:30-9:45');
    expect(zh).toContain('地点：村委会 二楼会议室');
    expect(zh).toContain('签到：3月11日（周三）8:30–9:45');
    const en = await one('leader1', '/activity law 2026-03-20 15:00 JS-01-H Statistics law day');
    expect(en).toContain('law publicity: Statistics law day');
    expect(en).toContain('Check in 3月20日（周五）14:30–15:30');
  });

  it.each([
    ['a date that does not exist', '/活动 例会 2025-02-30 14:30 JS-H 例会', '日期「2025-02-30」不对：请写一个存在的日期和时间，例如 明天下午3点、12月8日 15:00。'],
    ['an unknown type', '/活动 聚餐 2026-03-12 14:30 JS-H 例会', '没有「聚餐」这种活动。可选：例会、培训、团建、普法。'],
    ['an unknown home code', '/活动 例会 2026-03-12 14:30 JS-X 例会', /^没有「JS-X」这个统计之家。可用：JS-H 景山街道统计之家、JS-01-H 景山网格1统计之家。也可以直接写地点/],
    ['an unknown home name', '/活动 例会 2026-03-12 14:30 潘桥统计之家 例会', /^没有「潘桥统计之家」这个统计之家/],
    ['a time in the past', '/活动 例会 2026-03-10 09:30 JS-H 例会', '3月10日（周二）9:30 已经过去了，请核对日期和时间。'],
    ['a wrong time', '/活动 例会 2026-03-12 25:00 JS-H 例会', '时间「25:00」不对，请写成 14:30 或 下午3点。'],
    ['a window closing before it opens', '/活动 例会 2026-03-12 14:30 JS-H 例会 签到=15:00-14:00', '签到时间「15:00-14:00」的结束要晚于开始。'],
    ['too far ahead', '/活动 例会 2027-06-01 14:30 JS-H 例会', '2027年6月1日（周二）14:30 在一年以后，请核对日期。'],
    ['a day without a time', '/活动 例会 2026-03-12', '请在「2026-03-12」后写上开始时间，例如 2026-03-12 15:00。'],
    ['missing arguments', '/活动 例会 明天下午3点 JS-H', '格式不对。用法：/活动 类型 时间 地点 主题 [签到=13:30-15:00]'],
    ['a month, not a day', '/活动 例会 上个月 JS-H 例会', '请在「上个月」后写上开始时间，例如 上个月 15:00。'],
  ])('refuses %s, writing nothing', async (_what, text, expected) => {
    await refusedWithoutWrite('leader1', text, expected);
  });

  it('refuses a member who is not a leader or deputy', async () => {
    await refusedWithoutWrite('member1', '/活动 例会 2026-03-12 14:30 JS-H 例会', '只有副网格长、网格长、街道管理员、区统计局管理员可以使用 /活动。');
  });

  it('creates once per event, and exposes upcoming activities for reminders', async () => {
    const input = {
      grid: 'JS-02', street: 'JS', type: 'meeting' as const, title: '重放', startsAt: atLocal('2026-03-25', '10:00'),
      window: defaultWindow(atLocal('2026-03-25', '10:00')), place: '会议室', platform: 'console', chatId: 'JS-02', createdBy: 'x',
      announcedAt: clock.now(),
    };
    const a = await createActivity(input, 'console:replayed-event');
    const b = await createActivity(input, 'console:replayed-event');
    expect(b.number).toBe(a.number);
    expect(await ActivityModel.countDocuments({ eventKey: 'console:replayed-event' })).toBe(1);
    const upcoming = await upcomingActivities(atLocal('2026-03-10', '00:00'), atLocal('2026-03-12', '00:00'));
    expect(upcoming.map((x) => x.title)).toEqual(['一季度统计例会', '统计法培训']);
  });
});

describe('check-in and leave', () => {
  it('refuses a check-in before the window opens, giving the window in China time', async () => {
    await refusedWithoutWrite('member1', '/签到 A-0001', 'A-0001 还没到签到时间。签到时间 3月10日（周二）14:00–15:00（北京时间）。');
    await refusedWithoutWrite('member1', '/签到', '现在没有正在签到的活动。下一个：A-0001 例会「一季度统计例会」 3月10日（周二）14:30，签到时间 3月10日（周二）14:00–15:00（北京时间）。');
  });

  it('takes leave before the start, for the next activity when no number is given', async () => {
    expect(await one('member1c', '/请假 家里有事')).toBe('已请假：一组员丙，A-0001 例会「一季度统计例会」（家里有事）。');
    expect(await one('member1c', '/请假 A-0001 孩子生病')).toBe('已更新请假原因：A-0001 例会「一季度统计例会」（孩子生病）。');
    await refusedWithoutWrite('member1c', '/请假 A-0001', '请写上请假原因，例如：/请假 A-0012 出差');
  });

  it('checks in within the window, once', async () => {
    at('2026-03-10', '14:05');
    expect(await one('member1', '/签到')).toBe('签到成功：一组员，A-0001 例会「一季度统计例会」，14:05。');
    at('2026-03-10', '14:06');
    expect(await one('member1', '/签到 A-0001')).toBe('您已于 14:05 签到 A-0001，不用重复签到。');
    // The second one changed nothing, so the audit log has the first only.
    expect(await AuditLogModel.countDocuments({ command: 'checkin', actorName: '一组员' })).toBe(1);
    // The leader who created it is present by that (at its start); the member once, at 14:05.
    expect(await AttendanceModel.find({ activity: 1, status: 'present' }, { at: 1, _id: 0 }).sort({ at: 1 }).lean())
      .toEqual([{ at: atLocal('2026-03-10', '14:05') }, { at: atLocal('2026-03-10', '14:30') }]);
    await refusedWithoutWrite('member1', '/请假 A-0001 有事', '您已签到 A-0001，不用请假。');
    expect(await one('member1b', '/checkin A-0001')).toBe('Checked in: 一组员乙, A-0001 meeting "一季度统计例会", 14:06.');
    expect(await AttendanceModel.countDocuments({ activity: 1, status: 'present' })).toBe(3); // with the leader who organized it
  });

  it('keeps one record per member and activity, counted once, when check-ins race', async () => {
    const activity = (await ActivityModel.findOne({ number: 1 }).lean())!;
    const deputy = (await MemberModel.findOne({ phone: phoneOf('deputy1') }).lean())!;
    const now = clock.now();
    const presentCount = async () => (await GridTallyModel.findById(tallyId(2026, 'JS-01')).lean<TallyDoc>())!.members[deputy._id.toString()]?.present ?? 0;
    const before = await presentCount();
    await Promise.all([1, 2, 3].map((i) => recordAttendance(activity as never, deputy as never, { status: 'present', at: now }, `race:${i}`)));
    expect(await AttendanceModel.countDocuments({ activity: 1, member: deputy._id.toString() })).toBe(1);
    expect(await presentCount()).toBe(before + 1);
    expect((await GridTallyModel.findById(tallyId(2026, 'JS-01')).lean<TallyDoc>())!.pending).toEqual([]);
    await AttendanceModel.deleteOne({ activity: 1, member: deputy._id.toString() });
  });

  it.each([
    ['leave after the start', 'member1c', '/请假 A-0001 晚到', 'JS-01', 'A-0001 已于 3月10日（周二）14:30 开始，不能再请假。'],
    ['another grid’s activity number', 'leader2', '/签到 A-0001', 'JS-02', 'A-0001 是其他网格的活动，不能在本群办理。'],
    ['a member of another grid', 'member2', '/签到 A-0001', 'JS-01', '这是「景山工业网格1」的群，您不在这个网格。请在您所在网格的群里使用 /签到。'],
    ['a street admin outside the grid’s directory', 'streetJS', '/签到', 'JS-01', '您不在本网格的通讯录中，无需在这里签到或请假。'],
    ['an unknown number', 'member1', '/签到 A-0099', 'JS-01', '没有编号为 A-0099 的活动，请核对。'],
    ['something that is not a number', 'member1', '/签到 明天', 'JS-01', '「明天」不是活动编号，编号形如 A-0012。'],
  ])('refuses %s, writing nothing', async (_what, who, text, chat, expected) => {
    at('2026-03-10', '14:40');
    await refusedWithoutWrite(who as Handle, text, expected, chat);
  });

  it('refuses a check-in after the window closed', async () => {
    at('2026-03-10', '15:01');
    await refusedWithoutWrite('deputy1', '/签到 A-0001', 'A-0001 的签到已经结束（签到时间 3月10日（周二）14:00–15:00（北京时间））。');
  });

  it('picks the activity whose window is open now when several are planned', async () => {
    at('2026-03-11', '08:00');
    expect(await one('leader1', '/活动 团建 2026-03-11 18:00 JS-H 春季团建')).toContain('团建：春季团建');
    at('2026-03-11', '08:40');
    expect(await one('member1', '/签到')).toBe('签到成功：一组员，A-0002 培训「统计法培训」，08:40。');
  });
});

describe('attendance', () => {
  it('shows a leader who came, who is on leave and who was absent, with the rate', async () => {
    const roster = await one('leader1', '/考勤 A-0001');
    expect(roster).toBe([
      '考勤 A-0001 例会「一季度统计例会」 3月10日（周二）14:30',
      '应到 6 人：签到 3，请假 1，缺席 2，出勤率 50%',
      '签到：一组员 14:05、一组员乙 14:06、一格长（组织）',
      '请假：一组员丙（孩子生病）',
      '缺席：未登记、一副长', // in pinyin order; the leader who organized it is never absent
    ].join('\n'));
  });

  it('says "not checked in" rather than absent while the window is open, for the latest opened activity', async () => {
    const roster = await one('deputy1', '/考勤');
    expect(roster).toContain('考勤 A-0002 培训「统计法培训」');
    expect(roster).toContain('应到 6 人：签到 2，请假 0，未签到 4，出勤率 33%');
  });

  it('shows members their own record for the year', async () => {
    at('2026-03-21', '09:00');
    expect((await one('member1c', '/考勤')).split('\n')).toEqual([
      '一组员丙 2026 年考勤：活动 4 次，签到 0，请假 1，缺席 3，出勤率 0%',
      'A-0001 例会「一季度统计例会」 3月10日（周二）14:30：请假（孩子生病）',
      'A-0002 培训「统计法培训」 3月11日（周三）9:00：缺席',
      'A-0005 团建「春季团建」 3月11日（周三）18:00：缺席',
      'A-0003 普法「Statistics law day」 3月20日（周五）15:00：缺席',
    ]);
    const mine = await one('member1', '/我的考勤');
    expect(mine).toMatch(/^一组员 2026 年考勤：活动 4 次，签到 2，请假 0，缺席 2，出勤率 50%/);
    expect(mine).toContain('A-0002 培训「统计法培训」 3月11日（周三）9:00：已签到 3月11日（周三）8:40');
  });
});

describe('activities per quarter', () => {
  it('lists a grid’s activities this year and calls out a quarter without one', async () => {
    at('2026-04-02', '09:00');
    const view = (await one('member1', '/活动情况')).split('\n');
    expect(view.slice(0, 3)).toEqual([
      '景山工业网格1 2026 年活动：一季度 4 次，二季度 0 次（无活动）',
      '本季度还没有活动，每个网格每季度至少一次，请用 /活动 安排。',
      'A-0001 例会「一季度统计例会」 3月10日（周二）14:30',
    ]);
    expect(view).toHaveLength(6);
  });

  it('shows street and bureau admins the grids without an activity this quarter', async () => {
    at('2026-03-21', '09:00');
    expect(await one('streetJS', '/活动情况', 'JS')).toBe('2026 年第一季度，2 个网格都已有活动。');
    expect(await one('bureau', '/activities', 'OH')).toBe('Grids without an activity in Q1 2026 (1/3):\nXQ-01 新桥工业网格1');
  });
});
