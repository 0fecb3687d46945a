import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectTallies } from '../../src/assessment/tallies.js';
import { attendanceReport } from '../../src/exports/attendanceReport.js';
import { ManualClock } from '../../src/core/clock.js';
import type { OutboundMessage } from '../../src/core/types.js';
import { assessmentWindow } from '../../src/domain/assessmentYear.js';
import { atLocal } from '../../src/domain/chinaTime.js';
import { activityDayBefore, activityHourBefore } from '../../src/reminders/activities.js';
import type { ReminderKind } from '../../src/reminders/occurrence.js';
import { PEOPLE, phoneOf, seedSmallDistrict, type Handle } from '../support/fixtures.js';
import { tickReminders } from '../support/reminderTick.js';
import { startTestApp, type TestApp } from '../support/testApp.js';
import { changedCollections, storeSnapshot } from '../support/writeWatch.js';

/*
 * A training the street or the bureau organizes is for the level-3 members beneath it: they are
 * reminded in their own groups, check in or ask leave there, are expected in its roster, and it
 * counts in their assessment.
 */

/** Tuesday 8 December 2026, 10:00 in China. */
const clock = new ManualClock(atLocal('2026-12-08', '10:00'));
let t: TestApp;

const one = async (who: Handle, text: string, chat: string) => (await t.say(text, { as: phoneOf(who), chat })).join('\n');
const numberIn = (reply: string) => /A-\d{4}/.exec(reply)![0];

const tick = (kind: ReminderKind<any>) => tickReminders(t, kind);
const chatsOf = (sent: OutboundMessage[], no: string) => sent.filter((m) => m.text.includes(no)).map((m) => m.chatId).sort();

let streetTraining = '';
let bureauTraining = '';

beforeAll(async () => {
  t = await startTestApp({ clock });
  await seedSmallDistrict();
});
afterAll(() => t.close());

describe("a street's and the bureau's trainings, for the level-3 members beneath", () => {
  it('are created in the street and the district group', async () => {
    const street = await one('streetJS', '/活动 培训 明天下午3点 街道三楼会议室 统计法培训', 'JS');
    streetTraining = numberIn(street);
    expect(street).toContain(`这次培训面向本街道各网格的成员：他们在本网格群收到提醒，并在那里发送 /签到 ${streetTraining}。`);
    const bureau = await one('bureau', '/活动 培训 后天 上午9点 区政府二楼 年报培训', 'OH');
    bureauTraining = numberIn(bureau);
    expect(bureau).toContain('这次培训面向全区各网格的成员');
    // A street's own meeting stays its own.
    expect(await one('streetJS', '/活动 例会 明天上午10点 街道三楼会议室 街道例会', 'JS')).not.toContain('面向');
  });

  it("remind the street's level-3 groups, or every level-3 group, besides their own group, once each", async () => {
    clock.set(atLocal('2026-12-08', '15:00'));
    const day = await tick(activityDayBefore);
    expect(chatsOf(day, streetTraining)).toEqual(['JS', 'JS-01', 'JS-02']);
    expect(day.find((m) => m.chatId === 'JS-01' && m.text.includes(streetTraining))!.buttons).toEqual([{ label: '签到', command: `/签到 ${streetTraining}` }]);
    expect(await tick(activityDayBefore)).toEqual([]);

    clock.set(atLocal('2026-12-09', '09:00'));
    expect(chatsOf(await tick(activityDayBefore), bureauTraining)).toEqual(['JS-01', 'JS-02', 'OH', 'XQ-01']);
    expect(await tick(activityDayBefore)).toEqual([]);

    clock.set(atLocal('2026-12-09', '14:00'));
    const hour = await tick(activityHourBefore);
    expect(chatsOf(hour, streetTraining)).toEqual(['JS', 'JS-01', 'JS-02']);
    expect(hour.find((m) => m.chatId === 'JS-02')!.text).toContain('1 小时后开始');
  });

  it('take leave and check-ins from the members’ own groups, and refuse another street’s grid without a write', async () => {
    expect(await one('member1b', `/请假 ${streetTraining} 出差`, 'JS-01')).toMatch(/^已请假：一组员乙，.*统计法培训.*（出差）。$/);
    clock.set(atLocal('2026-12-09', '14:45'));
    expect(await one('member1', '/签到', 'JS-01')).toMatch(/^签到成功：一组员，/);
    expect(await one('member2', `/签到 ${streetTraining}`, 'JS-02')).toMatch(/^签到成功：二组员，/);
    const before = await storeSnapshot(new Set());
    expect(await one('memberXQ', `/签到 ${streetTraining}`, 'XQ-01')).toBe(`${streetTraining} 是其他网格的活动，不能在本群办理。`);
    expect(changedCollections(before, await storeSnapshot(new Set()))).toEqual([]);
  });

  it('list the level-3 members in the roster', async () => {
    clock.set(atLocal('2026-12-09', '15:31'));
    const roster = await one('streetJS', `/考勤 ${streetTraining}`, 'JS');
    // The street's own people (景山主任, 一格长) and those of JS-01 and JS-02; 景山主任 organized it.
    expect(roster).toContain('应到 9 人：签到 3，请假 1，缺席 5');
    expect(roster).toContain('请假：一组员乙（出差）');
    expect(roster).toMatch(/缺席：.*二格长/);
    expect(roster).not.toContain('新组员');
  });

  it("count in the assessment of the members they reach, once for the street's own people", async () => {
    clock.set(atLocal('2026-12-10', '08:45'));
    expect(await one('memberXQ', '/签到', 'XQ-01')).toMatch(/^签到成功：新组员，/);
    expect(await one('member1', `/签到 ${bureauTraining}`, 'JS-01')).toMatch(/^签到成功：一组员，/);
    clock.set(atLocal('2026-12-31', '12:00'));
    const byStreet = await collectTallies(assessmentWindow(2026, clock.now())!);
    const attendance = (street: string, h: Handle) =>
      byStreet.get(street)!.find((p) => p.name === PEOPLE[h].name)!.record.attendance;
    expect(attendance('JS', 'member1')).toEqual({ done: 2, expected: 2 });
    expect(attendance('JS', 'member2')).toEqual({ done: 1, expected: 2 });
    // 一格长 is one of the street grid's people: its meeting and training count for him through its tally, once.
    expect(attendance('JS', 'leader1')).toEqual({ done: 0, expected: 3 });
    expect(attendance('XQ', 'memberXQ')).toEqual({ done: 1, expected: 1 });
    // The filed attendance table expects the street's grids' people at its training, as /考勤 does.
    const sheet = await (await attendanceReport(2026, clock.now(), 'JS')).streets[0]!.sheet();
    expect(sheet.rows.find((r) => r.number === streetTraining)).toMatchObject({ expected: 9, present: 3, leave: 1, absent: 5 });
    // Her own record, asked in her grid's group, lists both.
    expect(await one('member2', '/考勤', 'JS-02')).toMatch(/^二组员 2026 年考勤：活动 2 次，签到 1，请假 0，缺席 1/);
  });
});

