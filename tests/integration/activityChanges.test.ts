import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { atLocal } from '../../src/domain/chinaTime.js';
import { ActivityModel } from '../../src/store/models/activity.js';
import { AttendanceModel } from '../../src/store/models/attendance.js';
import { AuditLogModel } from '../../src/store/models/auditLog.js';
import { GridTallyModel, tallyId } from '../../src/store/models/gridTally.js';
import { phoneOf, seedSmallDistrict, type Handle } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/testApp.js';
import { changedCollections, storeSnapshot } from '../support/writeWatch.js';

/** Tuesday 8 December 2026, 10:00 in China. */
const clock = new ManualClock(atLocal('2026-12-08', '10:00'));
let t: TestApp;

const say = (who: Handle, text: string, chat = 'JS-01') => t.say(text, { as: phoneOf(who), chat });
const one = async (who: Handle, text: string, chat = 'JS-01') => (await say(who, text, chat)).join('\n');

/** Refused with `expected`, and no collection changed (the audit log included). */
async function refusedWithoutWrite(who: Handle, text: string, expected: string | RegExp, chat = 'JS-01') {
  const before = await storeSnapshot(new Set());
  const reply = await one(who, text, chat);
  if (typeof expected === 'string') expect(reply).toBe(expected);
  else expect(reply).toMatch(expected);
  expect(changedCollections(before, await storeSnapshot(new Set()))).toEqual([]);
}

/** The activities a grid's tally holds (a cancelled one stays, marked, and counts for nobody). */
const heldInTally = async (grid: string) => {
  const doc = await GridTallyModel.findById(tallyId(2026, grid)).lean<{ held?: Record<string, { cancelled?: true }> }>();
  return Object.entries(doc?.held ?? {}).filter(([, a]) => !a.cancelled).map(([a]) => a);
};

beforeAll(async () => {
  t = await startTestApp({ clock });
  await seedSmallDistrict();
});
afterAll(() => t.close());

describe('natural dates when creating an activity', () => {
  it('takes 明天下午3点 and shows the one date format', async () => {
    const reply = await one('leader1', '/活动 例会 明天下午3点 三楼会议室 四季度例会');
    expect(reply).toContain('例会：四季度例会\n时间：12月9日（周三）15:00');
    expect(reply).toContain('签到：12月9日（周三）14:30–15:30');
    expect(reply).not.toContain('按 ');
  });

  it('says how it read a time that could be morning or afternoon, and a bare weekday', async () => {
    const reply = await one('leader1', '/活动 培训 周四 3点 三楼会议室 统计法培训');
    expect(reply).toContain('按 12月10日（周四）15:00 创建');
    expect(reply).toContain('时间：12月10日（周四）15:00');
  });

  it('warns of a start in quiet hours or on a day off, and creates it anyway', async () => {
    const late = await one('leader1', '/活动 团建 12月11日 晚上9点半 三楼会议室 夜跑');
    expect(late).toContain('⚠ 开始时间在免打扰时段（21:00–08:00）内。');
    const sunday = await one('leader1', '/活动 普法 12.13 9:30 三楼会议室 普法日');
    expect(sunday).toContain('⚠ 这一天不是工作日。');
    expect(sunday).toContain('普法：普法日');
    expect(await ActivityModel.countDocuments({ title: { $in: ['夜跑', '普法日'] } })).toBe(2);
  });
});

describe('/考勤 before an activity starts', () => {
  it('says it has not started rather than counting anyone absent', async () => {
    await one('member1', '/请假 A-0001 出差');
    const roster = await one('leader1', '/考勤 A-0001');
    expect(roster).toContain('还没开始，签到时间 12月9日（周三）14:30–15:30。');
    expect(roster).toContain('已请假 1 人：一组员（出差）');
    expect(roster).not.toContain('出勤率');
  });
});

describe('/改活动', () => {
  it('moves an activity with its check-in window, changes place and title, and tells the group', async () => {
    const reply = await one('leader1', '/改活动 A-0001 时间=后天 上午9点 地点=二楼会议室 主题=四季度统计例会');
    expect(reply).toContain('【活动变更】A-0001 例会「四季度统计例会」：时间改为 12月10日（周四）9:00，地点改为 二楼会议室，主题改为「四季度统计例会」。');
    expect(reply).toContain('签到：12月10日（周四）8:30–9:30');
    const stored = (await ActivityModel.findOne({ number: 1 }).lean())!;
    expect(stored.startsAt).toEqual(atLocal('2026-12-10', '09:00'));
    expect(stored.checkInOpensAt).toEqual(atLocal('2026-12-10', '08:30'));
    expect(stored.place).toBe('二楼会议室');
    expect(await AuditLogModel.countDocuments({ command: 'changeactivity', result: 'ok' })).toBe(1);
  });

  it.each([
    ['an unknown activity', 'leader1', '/改活动 A-0099 主题=新', 'JS-01', '没有编号为 A-0099 的活动，请核对。'],
    ['another grid’s activity', 'leader2', '/改活动 A-0001 主题=新', 'JS-02', 'A-0001 是其他网格的活动，不能在本群办理。'],
    ['a date in the past', 'leader1', '/改活动 A-0001 时间=昨天 15:00', 'JS-01', '12月7日（周一）15:00 已经过去了，请核对日期和时间。'],
    ['a time that is no time', 'leader1', '/改活动 A-0001 时间=下个月', 'JS-01', '时间「下个月」不对：请写日期和时间，例如 明天下午3点、12月8日 15:00。'],
    ['nothing to change', 'leader1', '/改活动 A-0001 新的主题', 'JS-01', '格式不对。用法：/改活动 活动编号 [时间=…] [地点=…] [主题=…]'],
    ['a member', 'member1', '/改活动 A-0001 主题=新', 'JS-01', /^只有.+可以使用 \/改活动。$/],
  ])('refuses %s, writing nothing', async (_what, who, text, chat, expected) => {
    await refusedWithoutWrite(who as Handle, text, expected, chat);
  });
});

describe('/取消活动', () => {
  it('cancels, tells the group, and the activity counts for nobody', async () => {
    expect(await heldInTally('JS-01')).toContain('2');
    const reply = await one('deputy1', '/取消活动 A-0002 讲师临时有事');
    expect(reply).toBe('【活动取消】A-0002 培训「统计法培训」（12月10日（周四）15:00）已取消：讲师临时有事。不计入考勤。');
    expect(await heldInTally('JS-01')).not.toContain('2');
    expect(await one('member1', '/活动情况')).not.toContain('A-0002');
    expect(await AuditLogModel.countDocuments({ command: 'cancelactivity', result: 'ok' })).toBe(1);
  });

  it('may be done by the street’s admin in the grid’s group', async () => {
    expect(await one('streetJS', '/取消活动 A-0003 场地不可用')).toContain('【活动取消】A-0003 团建「夜跑」');
    expect(await heldInTally('JS-01')).not.toContain('3');
  });

  it.each([
    ['a cancelled activity', 'leader1', '/取消活动 A-0002 再取消', 'JS-01', 'A-0002 已取消（讲师临时有事）。'],
    ['an unknown activity', 'leader1', '/取消活动 A-0099 没有', 'JS-01', '没有编号为 A-0099 的活动，请核对。'],
    ['another grid’s activity', 'leader2', '/取消活动 A-0001 不办了', 'JS-02', 'A-0001 是其他网格的活动，不能在本群办理。'],
    ['no reason', 'leader1', '/取消活动 A-0001', 'JS-01', '格式不对。用法：/取消活动 活动编号 原因'],
    ['a member', 'member1', '/取消活动 A-0001 不想开', 'JS-01', /^只有.+可以使用 \/取消活动。$/],
  ])('refuses %s, writing nothing', async (_what, who, text, chat, expected) => {
    await refusedWithoutWrite(who as Handle, text, expected, chat);
  });

  it('refuses check-in, leave and changes for a cancelled activity', async () => {
    await refusedWithoutWrite('member1', '/签到 A-0002', 'A-0002 已取消（讲师临时有事）。');
    await refusedWithoutWrite('member1', '/请假 A-0002 有事', 'A-0002 已取消（讲师临时有事）。');
    await refusedWithoutWrite('leader1', '/改活动 A-0002 主题=复活', 'A-0002 已取消（讲师临时有事）。');
  });
});

describe('/补录活动', () => {
  it('records an activity already held, with who attended and the leader who ran it', async () => {
    const reply = await one('leader1', '/补录活动 例会 12月1日 下午3点 三楼会议室 十一月例会 出席=一组员、一组员乙');
    expect(reply).toMatch(/^已补录 A-\d{4} 例会「十一月例会」（12月1日（周二）15:00），出席 3 人：一组员、一组员乙、一格长；其余 3 人计缺席。$/);
    const number = Number(/A-(\d{4})/.exec(reply)![1]);
    expect(await AttendanceModel.countDocuments({ activity: number, status: 'present' })).toBe(3);
    expect(await heldInTally('JS-01')).toContain(String(number));
    expect(await AuditLogModel.countDocuments({ command: 'backfillactivity', result: 'ok' })).toBe(1);
  });

  it.each([
    ['one not over yet', '/补录活动 例会 明天下午3点 三楼会议室 例会 出席=一组员', '12月9日（周三）15:00 的活动还没结束，请用 /活动 创建。'],
    ['someone not in the grid', '/补录活动 例会 12月2日 15:00 三楼会议室 例会 出席=一组员、二组员', '本网格通讯录里没有：二组员。'],
    ['no one named', '/补录活动 例会 12月2日 15:00 三楼会议室 例会', '格式不对。用法：/补录活动 类型 时间 地点 主题 出席=姓名、姓名'],
    ['more than a year ago', '/补录活动 例会 2025年11月1日 15:00 三楼会议室 例会 出席=一组员', '2025年11月1日（周六）15:00 在一年以前，不能补录。'],
  ])('refuses %s, writing nothing', async (_what, text, expected) => {
    await refusedWithoutWrite('leader1', text, expected);
  });

  it('is for the leader only', async () => {
    await refusedWithoutWrite('deputy1', '/补录活动 例会 12月2日 15:00 三楼会议室 例会 出席=一组员', /^只有.+可以使用 \/补录活动。$/);
  });
});

describe('years and months typed naturally', () => {
  it('takes 2027年 and 明年 for a year, 上个月 for a month', async () => {
    const [typed, word] = [await one('leader1', '/经费 2027年'), await one('leader1', '/经费 明年')];
    expect(typed).toMatch(/2027/);
    expect(word).toBe(typed);
    expect(await one('streetJS', '/月报情况 上个月', 'JS')).toContain('11月');
    expect(await one('leader1', '/经费 后年')).toBe('「后年」不是有效的年份，请写 2000 到 2027 之间的年份，例如 2026 或 今年。');
  });
});
