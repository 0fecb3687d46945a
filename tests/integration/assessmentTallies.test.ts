import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import tallyTask from '../../src/admin/tasks/tallies.js';
import { recountTallies, sameTally, storedTallies } from '../../src/assessment/tallyRecount.js';
import { ManualClock } from '../../src/core/clock.js';
import { atLocal } from '../../src/domain/chinaTime.js';
import { addToTally } from '../../src/store/gridTallies.js';
import { AttendanceModel, attendanceKey } from '../../src/store/models/attendance.js';
import { GridTallyModel, tallyId } from '../../src/store/models/gridTally.js';
import { MemberModel } from '../../src/store/models/member.js';
import { ackKey, NoticeAckModel } from '../../src/store/models/noticeAck.js';
import { NoticeModel } from '../../src/store/models/notice.js';
import { numberedName } from '../../src/seed/names.js';
import { rebuildRosters, rosterOf } from '../../src/store/rosters.js';
import { streetDirectories } from '../../src/store/streetDirectories.js';
import { phoneOf, seedSmallDistrict, type Handle } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

/**
 * The grid tallies and rosters the assessment reads are derived from the records and members as
 * they are written. A burst of concurrent writes into one grid must lose nothing: afterwards a
 * recount from the records (the source of truth) equals what was maintained.
 */
const clock = new ManualClock(atLocal('2026-03-12', '13:40'));
let t: TestApp;
const say = (who: Handle, text: string, chat = 'JS-01') => t.say(text, { as: phoneOf(who), chat }).then((r) => r.join('\n'));

async function expectTalliesMatchRecount(year: number): Promise<void> {
  const [counted, stored] = await Promise.all([recountTallies(year), storedTallies(year)]);
  expect([...stored.keys()].sort()).toEqual([...counted.keys()].sort());
  for (const [id, doc] of counted) expect(sameTally(doc, stored.get(id)), id).toBe(true);
}

beforeAll(async () => {
  t = await startTestApp({ clock });
  await seedSmallDistrict();
  await NoticeModel.create({ code: 'N-0001', eventKey: 'seed:N-0001', text: '通知', streets: [], levels: [], industries: [], createdAt: atLocal('2026-03-01', '10:00'), createdBy: 'seed' });
});
afterAll(() => t.close());

describe('grid tallies and rosters', () => {
  it('keeps every fact of a concurrent burst of writes to one tally', async () => {
    const members = Array.from({ length: 40 }, (_, i) => `m${i}`);
    await Promise.all(members.map((member) => addToTally({ year: 2026, grid: 'XQ-01', street: 'XQ' }, [{ kind: 'filed', period: '2026-03', member, at: clock.now() }])));
    const stored = (await storedTallies(2026)).get(tallyId(2026, 'XQ-01'))!;
    expect(Object.keys(stored.filed['2026-03']!).sort()).toEqual([...members].sort());
    await GridTallyModel.deleteOne({ _id: tallyId(2026, 'XQ-01') });
  });

  it('equals a recount from the records after a burst of check-ins, leave, filings, acknowledgements and a report', async () => {
    expect(await say('leader1', '/活动 例会 今天 14:00 三楼会议室 一季度例会')).toContain('A-0001');
    // Everyone in JS-01 at once: all of it lands in the one tally document of JS-01.
    const burst = await Promise.all([
      say('leader1', '/签到 A-0001'),
      say('deputy1', '/签到 A-0001'),
      say('member1', '/签到 A-0001'),
      say('member1c', '/签到 A-0001'),
      say('deputy1', '/已报'),
      say('member1', '/已报'),
      say('member1b', '/已报'),
      say('member1c', '/已报'),
      say('leader1', '/收到 N-0001'),
      say('deputy1', '/收到 N-0001'),
      say('member1', '/收到 N-0001'),
      say('member1b', '/收到 N-0001'),
      say('member1c', '/收到 N-0001'),
      say('leader1', '/月报 本月例会已开，报表进度正常'),
    ]);
    // The leader created it, so she is there already: three check-ins, and hers answered as done.
    expect(burst.filter((r) => r.includes('签到成功'))).toHaveLength(3);
    expect(burst[0]).toContain('不用重复签到');
    const jsTally = (await storedTallies(2026)).get(tallyId(2026, 'JS-01'))!;
    expect(Object.keys(jsTally.held)).toHaveLength(1);
    expect(Object.keys(Object.values(jsTally.present)[0]!)).toHaveLength(4);
    expect(Object.keys(jsTally.filed['2026-03']!)).toHaveLength(4);
    expect(Object.keys(jsTally.acks['N-0001']!)).toHaveLength(5);
    expect(Object.keys(jsTally.reports)).toEqual(['2026-03']);
    await expectTalliesMatchRecount(2026);

    // A second round: a late check-in, and leave taking back nobody's presence but the asker's.
    await Promise.all([say('member1b', '/请假 A-0001 出差'), say('unlinked', '/签到 A-0001')]);
    await expectTalliesMatchRecount(2026);
  });

  it('completes the tally when a retried check-in or acknowledgement finds its record written before a crash', async () => {
    // What a job that crashed between its two writes leaves: the records, and not yet the tally.
    const id = (await MemberModel.findOne({ phone: phoneOf('member2') }, { _id: 1 }).lean())!._id.toString();
    expect(await say('leader2', '/活动 例会 今天 14:00 三楼会议室 贸易例会', 'JS-02')).toContain('A-0002');
    await AttendanceModel.create({ _id: attendanceKey(2, id), activity: 2, grid: 'JS-02', member: id, memberName: '二组员', status: 'present', at: clock.now() });
    await NoticeAckModel.create({ _id: ackKey('N-0001', id), notice: 'N-0001', member: id, grid: 'JS-02', at: clock.now() });

    expect(await say('member2', '/签到 A-0002', 'JS-02')).toContain('不用重复签到');
    expect(await say('member2', '/收到 N-0001', 'JS-02')).toContain('已确认过通知 N-0001');
    const tally = (await storedTallies(2026)).get(tallyId(2026, 'JS-02'))!;
    expect(Object.keys(tally.present['2'] ?? {})).toContain(id);
    expect(Object.keys(tally.acks['N-0001'] ?? {})).toEqual([id]);
    await expectTalliesMatchRecount(2026);
  });

  it('rebuilds a tally that lost its document, and then finds nothing to change', async () => {
    await GridTallyModel.deleteOne({ _id: tallyId(2026, 'JS-01') });
    const out: string[] = [];
    expect(await tallyTask.run(['--year', '2026'], t.app, (l) => out.push(l))).toBe(0);
    expect(out).toEqual(['2026: 1 grid tallies rewritten, 0 removed; the others matched the records.', '0 grid rosters rewritten; the others matched the members.']);
    await expectTalliesMatchRecount(2026);
    out.length = 0;
    await tallyTask.run(['--year', '2026'], t.app, (l) => out.push(l));
    expect(out[0]).toBe('2026: 0 grid tallies rewritten, 0 removed; the others matched the records.');
  });

  it('keeps a grid roster through concurrent additions, and it equals one rebuilt from the members', async () => {
    const added = await Promise.all(
      Array.from({ length: 6 }, (_, i) => say('leader1', `/加成员 ${numberedName('新人', i)} 1380000000${i} 新人${i}的单位`)),
    );
    expect(added.every((r) => r.includes('加入'))).toBe(true);
    const roster = await rosterOf('JS-01');
    expect(roster.filter((p) => p.name.startsWith('新人')).map((p) => p.unit).sort()).toEqual(Array.from({ length: 6 }, (_, i) => `新人${i}的单位`));
    expect(await say('leader1', '/删成员 新人零')).toContain('新人零');
    expect((await rosterOf('JS-01')).some((p) => p.name === '新人零')).toBe(false);
    // The street's count of the grid's people followed the concurrent additions and the removal.
    const counted = async () => (await streetDirectories()).find((d) => d.street === 'JS')?.grids['JS-01'];
    expect(await counted()).toBe(roster.length - 1);
    // Nothing to correct: what was maintained is what the members say.
    expect(await rebuildRosters()).toBe(0);
    expect(await counted()).toBe(roster.length - 1);
    expect(await say('leader1', '/通讯录')).toContain(`景山工业网格1 通讯录（${roster.length - 1}人）`);
  });
});
