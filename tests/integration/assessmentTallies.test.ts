import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import tallyTask from '../../src/admin/tasks/tallies.js';
import { collectTallies } from '../../src/assessment/tallies.js';
import { recountTallies, sameTally, storedTallies } from '../../src/assessment/tallyRecount.js';
import { ManualClock } from '../../src/core/clock.js';
import { eventKeyOf } from '../../src/core/dispatch.js';
import { assessmentWindow } from '../../src/domain/assessmentYear.js';
import { atLocal } from '../../src/domain/chinaTime.js';
import { countOnce } from '../../src/store/gridTallies.js';
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
 * they are written. A burst of concurrent writes into one grid must lose nothing and count nothing
 * twice: afterwards a recount from the records (the source of truth) equals what was maintained.
 */
const clock = new ManualClock(atLocal('2026-03-09', '13:40'));
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
  const xq = { year: 2026, grid: 'XQ-01', street: 'XQ' };
  const xqTally = async () => (await storedTallies(2026)).get(tallyId(2026, 'XQ-01'))!;
  const filing = (member: string, mark: () => Promise<unknown> = async () => undefined, counted = false) => ({
    key: `filed:2026-03:${member}`, tallies: [{ tally: xq, facts: [{ kind: 'filedOnTime', member, period: '2026-03' } as const] }], counted, mark,
  });

  it('keeps every count of a concurrent burst of writes to one tally', async () => {
    const members = Array.from({ length: 40 }, (_, i) => `m${i}`);
    await Promise.all(members.map((member) => countOnce(filing(member))));
    const stored = await xqTally();
    expect(Object.keys(stored.members).sort()).toEqual([...members].sort());
    expect(Object.values(stored.members).every((c) => c.filedOnTime === 1 && c.lastFiledOnTime === '2026-03')).toBe(true);
    expect(stored.pending).toEqual([]);
    await GridTallyModel.deleteOne({ _id: tallyId(2026, 'XQ-01') });
  });

  it('counts a record once when its job is retried after a crash at any step', async () => {
    // Crashed before the record was marked: the count is in, its key still pending.
    await expect(countOnce(filing('a', () => Promise.reject(new Error('crash'))))).rejects.toThrow('crash');
    expect((await xqTally()).pending).toEqual(['filed:2026-03:a']);
    let marked = false;
    await countOnce(filing('a', async () => (marked = true)));
    expect(marked).toBe(true);
    // Crashed after the record was marked, before the key was pulled: the retry only pulls it.
    await expect(countOnce(filing('b', async () => { throw new Error('crash after marking'); }))).rejects.toThrow();
    await countOnce(filing('b', async () => undefined, true));
    // Done already: a retry (or the same fact again) changes nothing.
    await countOnce(filing('a', async () => undefined, true));
    const stored = await xqTally();
    expect(stored.members).toEqual({ a: { filedOnTime: 1, lastFiledOnTime: '2026-03' }, b: { filedOnTime: 1, lastFiledOnTime: '2026-03' } });
    expect(stored.pending).toEqual([]);
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
    const tallies = await storedTallies(2026);
    const jsTally = tallies.get(tallyId(2026, 'JS-01'))!;
    const counts = Object.values(jsTally.members);
    expect(Object.keys(jsTally.held)).toHaveLength(1);
    expect(counts.filter((c) => c.present === 1)).toHaveLength(4);
    expect(counts.filter((c) => c.filedOnTime === 1 && c.lastFiledOnTime === '2026-03')).toHaveLength(4);
    // leader1 is in the street's grid JS too: the notice counts once for the street, in its first grid.
    expect(counts.filter((c) => c.acks === 1)).toHaveLength(4);
    expect(Object.values(tallies.get(tallyId(2026, 'JS'))!.members)).toEqual([{ acks: 1 }]);
    expect(Object.keys(jsTally.reports)).toEqual(['2026-03']);
    expect(jsTally.pending).toEqual([]);
    await expectTalliesMatchRecount(2026);

    // A second round: a late check-in, and leave taking back nobody's presence but the asker's.
    await Promise.all([say('member1b', '/请假 A-0001 出差'), say('unlinked', '/签到 A-0001')]);
    await expectTalliesMatchRecount(2026);
  });

  it('completes the tally when a retried check-in or acknowledgement finds its record written before a crash', async () => {
    // What a job that crashed between its two writes leaves: the records (naming its event), and not yet the tally.
    const id = (await MemberModel.findOne({ phone: phoneOf('member2') }, { _id: 1 }).lean())!._id.toString();
    expect(await say('leader2', '/活动 例会 今天 14:00 三楼会议室 贸易例会', 'JS-02')).toContain('A-0002');
    const checkIn = t.message('/签到 A-0002', { as: phoneOf('member2'), chat: 'JS-02' });
    const ack = t.message('/收到 N-0001', { as: phoneOf('member2'), chat: 'JS-02' });
    await AttendanceModel.create({ _id: attendanceKey(2, id), activity: 2, grid: 'JS-02', member: id, memberName: '二组员', status: 'present', at: clock.now(), tallyBy: eventKeyOf(checkIn) });
    await NoticeAckModel.create({ _id: ackKey('N-0001', id), notice: 'N-0001', member: id, grid: 'JS-02', at: clock.now(), tallyBy: eventKeyOf(ack) });

    // The job again: its event finds the records and completes the counts; the check-in is its own, and so told.
    await t.app.inbox.accept(checkIn);
    expect((await t.settle(checkIn)).map((m) => m.text).join('\n')).toContain('签到成功');
    await t.app.inbox.accept(ack);
    expect((await t.settle(ack)).map((m) => m.text).join('\n')).toContain('已确认过通知 N-0001');
    const tally = (await storedTallies(2026)).get(tallyId(2026, 'JS-02'))!;
    expect(tally.members[id]).toEqual({ present: 1, acks: 1 });
    expect(tally.pending).toEqual([]);
    // Another event finding them counts nothing again.
    expect(await say('member2', '/签到 A-0002', 'JS-02')).toContain('不用重复签到');
    expect((await storedTallies(2026)).get(tallyId(2026, 'JS-02'))!.members[id]).toEqual({ present: 1, acks: 1 });
    await expectTalliesMatchRecount(2026);
  });

  it('leaves a cancelled activity out of the assessment, its check-ins too, and still equals a recount', async () => {
    const member2 = () => collectTallies(assessmentWindow(2026, atLocal('2026-03-10', '10:00'))!, ['JS'])
      .then((byStreet) => byStreet.get('JS')!.find((p) => p.name === '二组员')!.record.attendance);
    expect(await member2()).toEqual({ done: 1, expected: 1 });
    expect(await say('leader2', '/活动 例会 今天 14:00 三楼会议室 临时例会', 'JS-02')).toContain('A-0003');
    expect(await say('member2', '/签到 A-0003', 'JS-02')).toContain('签到成功');
    expect(await say('leader2', '/取消活动 A-0003 场地冲突', 'JS-02')).toContain('A-0003');
    expect(await member2()).toEqual({ done: 1, expected: 1 });
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
