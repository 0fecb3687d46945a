import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRun, resultsOf } from '../../src/assessment/runs.js';
import { rebuildTallies } from '../../src/assessment/tallyRecount.js';
import { ManualClock } from '../../src/core/clock.js';
import { atLocal } from '../../src/domain/chinaTime.js';
import { ActivityModel } from '../../src/store/models/activity.js';
import { AttendanceModel } from '../../src/store/models/attendance.js';
import { MemberModel } from '../../src/store/models/member.js';
import { MonthlyReportModel } from '../../src/store/models/monthlyReport.js';
import { NoticeModel } from '../../src/store/models/notice.js';
import { NoticeAckModel } from '../../src/store/models/noticeAck.js';
import { ReminderSettingsModel } from '../../src/store/models/reminderSettings.js';
import { ReturnsFilingModel } from '../../src/store/models/returnsFiling.js';
import { rosterOf } from '../../src/store/rosters.js';
import { phoneOf, seedSmallDistrict, type Handle } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

/**
 * Street XQ's year: a member who joins in September through /加成员, and a report due day moved from
 * the 25th to the 5th in December. The assessment expects of each only what fell due while they
 * were there, under the deadline of each month.
 */
const clock = new ManualClock(atLocal('2026-09-20', '10:00'));
let t: TestApp;
const JOINER = { name: '秋新人', phone: '13900000077' };
const month = (m: number) => `2026-${String(m).padStart(2, '0')}`;
const day = (m: number, d: number, time = '10:00') => atLocal(`${month(m)}-${String(d).padStart(2, '0')}`, time);
const say = (text: string, as: Handle, chat: string) => t.say(text, { as: phoneOf(as), chat }).then((r) => r.join('\n'));
const idOf = async (phone: string) => (await MemberModel.findOne({ phone }, { _id: 1 }).lean())!._id.toString();
const months = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function seedRecords(): Promise<void> {
  const [leader, member, joiner] = await Promise.all([idOf(phoneOf('leaderXQ')), idOf(phoneOf('memberXQ')), idOf(JOINER.phone)]);
  // One meeting in March, before the joiner came, one in October.
  const held: Array<[number, number, number]> = [[1, 3, 10], [2, 10, 15]];
  await ActivityModel.insertMany(held.map(([number, m, d]) => ({
    number, grid: 'XQ-01', street: 'XQ', type: 'meeting', title: `例会${number}`,
    startsAt: day(m, d, '14:00'), checkInOpensAt: day(m, d, '13:30'), checkInClosesAt: day(m, d, '14:30'),
    place: '统计之家', platform: 'console', chatId: 'XQ-01', createdBy: 'seed', eventKey: `seed:activity:${number}`,
  })));
  // And the street's training for the grids beneath, in May.
  await ActivityModel.create({
    number: 3, grid: 'XQ', street: 'XQ', type: 'training', title: '统计法培训', forGridsBelow: true, startsAt: day(5, 20, '14:00'),
    checkInOpensAt: day(5, 20, '13:30'), checkInClosesAt: day(5, 20, '14:30'), place: '统计之家', platform: 'console', chatId: 'XQ',
    createdBy: 'seed', eventKey: 'seed:activity:3',
  });
  const present: Array<[string, number[]]> = [[leader, [1, 2, 3]], [member, [1, 2, 3]], [joiner, [2]]];
  await AttendanceModel.insertMany(present.flatMap(([who, numbers]) => numbers.map((n) => {
    const [, m, d] = n === 3 ? [3, 5, 20] : held[n - 1]!;
    return { activity: n, grid: n === 3 ? 'XQ' : 'XQ-01', member: who, memberName: who, status: 'present', at: day(m, d, '13:50') };
  })));
  // Returns on the 5th (window 1–10): the member all year, the joiner from October on.
  const filed: Array<[string, number[]]> = [[member, months(1, 12)], [joiner, months(10, 12)]];
  await ReturnsFilingModel.insertMany(filed.flatMap(([who, ms]) =>
    ms.map((m) => ({ period: month(m), member: who, grid: 'XQ-01', street: 'XQ', filedAt: day(m, 5) }))));
  // Reports on the 20th (due the 25th) to November; December's on the 3rd, due the 5th since the change.
  await MonthlyReportModel.insertMany(months(1, 12).map((m) => ({
    grid: 'XQ-01', street: 'XQ', period: month(m), text: '汇报', submittedAt: m < 12 ? day(m, 20) : day(12, 3), submittedBy: leader,
  })));
  await NoticeModel.insertMany([['N-0001', day(2, 10)], ['N-0002', day(10, 20)]].map(([code, createdAt]) => ({
    code, eventKey: `seed:${String(code)}`, text: '通知', streets: [], levels: [], industries: [], createdAt, createdBy: 'seed',
  })));
  const acks: Array<[string, string[]]> = [[leader, ['N-0001', 'N-0002']], [member, ['N-0001', 'N-0002']], [joiner, ['N-0002']]];
  await NoticeAckModel.insertMany(acks.flatMap(([who, codes]) => codes.map((notice) => ({ notice, member: who, at: day(11, 1) }))));
  await rebuildTallies(2026);
}

beforeAll(async () => {
  t = await startTestApp({ clock });
  await seedSmallDistrict();
});
afterAll(() => t.close());

describe('expectations from the start, under each month’s settings', () => {
  it('records when a member joins, and when a street changes its deadlines', async () => {
    expect(await say(`/加成员 ${JOINER.name} ${JOINER.phone} 新桥秋实公司`, 'leaderXQ', 'XQ-01')).toContain('已把 秋新人');
    const entry = (await rosterOf('XQ-01')).find((p) => p.name === JOINER.name);
    expect(entry?.since).toEqual(day(9, 20));

    clock.set(day(12, 1, '09:30'));
    expect(await say('/提醒设置 月报截止日 5', 'streetXQ', 'XQ')).toContain('已保存');
    const saved = await ReminderSettingsModel.findOne({ street: 'XQ' }).lean();
    expect(saved!.history!.map((h) => [h.validFrom, h.reportDueDay])).toEqual([['', 25], ['2026-12', 5]]);
  });

  it('does not fail an autumn joiner for the months before they joined, and judges each month by its own deadline', async () => {
    await seedRecords();
    clock.set(day(12, 20));
    const reply = await say('/考核 试算', 'streetXQ', 'XQ');
    expect(reply).toContain('新桥街道 2026 年考核【草稿】');
    expect(reply).toContain('参评 3 人，合格 3 人（100%）');
    expect(reply).not.toContain('不合格');

    const rows = new Map((await resultsOf((await findRun(2026, 'XQ'))!)).map((r) => [r.name, r]));
    // Joined 20 September: September's returns were due on the 10th; the March meeting, May's training and the first notice came before.
    expect(rows.get(JOINER.name)).toMatchObject({
      attendance: { done: 1, expected: 1 }, returns: { done: 3, expected: 3 }, notices: { done: 1, expected: 1 }, score: 100, passed: true,
    });
    // January to November due on the 25th (on time on the 20th), December on the 5th (on time on the 3rd).
    expect(rows.get('新格长')).toMatchObject({ reports: { done: 12, expected: 12 }, attendance: { done: 3, expected: 3 }, score: 100 });
    expect(rows.get('新组员')).toMatchObject({
      returns: { done: 12, expected: 12 }, attendance: { done: 3, expected: 3 }, notices: { done: 2, expected: 2 },
    });
  });

  it('keeps the start when the member is later made a deputy (a compare-and-set on memberships that carry it)', async () => {
    expect(await say(`/设置网格长 XQ-01 ${JOINER.name} 副`, 'streetXQ', 'XQ')).toContain(`已设 ${JOINER.name}`);
    const { memberships } = (await MemberModel.findOne({ phone: JOINER.phone }, { memberships: 1 }).lean())!;
    expect(memberships.map((m) => ({ grid: m.grid, role: m.role, since: m.since }))).toEqual([{ grid: 'XQ-01', role: 'deputy', since: day(9, 20) }]);
    expect((await rosterOf('XQ-01')).find((p) => p.name === JOINER.name)).toMatchObject({ role: 'deputy', since: day(9, 20) });
  });
});
