import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { dispatch } from '../../src/core/dispatch.js';
import { formatLocal } from '../../src/domain/chinaTime.js';
import { DEFAULT_REMINDER_SETTINGS } from '../../src/domain/reminderSchedule.js';
import { ESCALATION_QUEUE } from '../../src/problems/escalation.js';
import { jobIdOf } from '../../src/queue/jobIds.js';
import { saveStreetSettings } from '../../src/reminders/settings.js';
import { AuditLogModel } from '../../src/store/models/auditLog.js';
import { ChatBindingModel } from '../../src/store/models/chatBinding.js';
import { CounterModel } from '../../src/store/models/counter.js';
import { identityKey, MemberModel } from '../../src/store/models/member.js';
import { OpenProblemModel } from '../../src/store/models/openProblem.js';
import { ProblemModel } from '../../src/store/models/problem.js';
import { RaisedEventModel } from '../../src/store/models/raisedEvent.js';
import { StandardAnswerModel } from '../../src/store/models/standardAnswer.js';
import { phoneOf, seedSmallDistrict, type Handle } from '../support/fixtures.js';
import { startTestApp, waitFor, type TestApp } from '../support/testApp.js';

const clock = new ManualClock(new Date('2026-12-01T10:00:00+08:00')); // a Tuesday
const china = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
let t: TestApp;

type Where = { chat?: string; chatType?: 'group' | 'p2p' };
/** Sends a line as a fixture person (in their grid's group unless told) and returns the messages it caused. */
async function as(who: Handle, text: string, where: Where = {}) {
  const msg = t.message(text, { as: phoneOf(who), chat: where.chat ?? 'JS-01', chatType: where.chatType });
  await t.app.inbox.accept(msg);
  return t.settle(msg);
}
const say = async (who: Handle, text: string, where: Where = {}) => (await as(who, text, where)).map((m) => m.text);
/** Only the replies in the chat the line was sent in (not the notices it caused elsewhere). */
const sayHere = async (who: Handle, text: string, where: Where = {}) =>
  (await as(who, text, where)).filter((m) => m.chatId === (where.chat ?? 'JS-01')).map((m) => m.text);
/** Raises a problem and returns its number. */
async function raise(who: Handle, text: string, where: Where = {}): Promise<number> {
  const [ack] = await say(who, `/问题 ${text}`, where);
  const m = /Q-(\d+)/.exec(ack ?? '');
  if (!m) throw new Error(`no number in ${ack}`);
  return Number(m[1]);
}
const q = (n: number) => `Q-${String(n).padStart(4, '0')}`;
const problem = async (n: number) => (await ProblemModel.findOne({ number: n }).lean())!;
/** Messages delivered to a chat (or privately to a phone) from index `from` on. */
const deliveredTo = (target: { chat?: string; user?: string }, from = 0) =>
  t.sender.sent.slice(from).filter((m) => (target.chat ? m.chatId === target.chat : m.userId === target.user));
const escalationsOf = (n: number) => t.app.queue(ESCALATION_QUEUE).getJobs(['delayed', 'waiting', 'active', 'completed']).then((jobs) => jobs.filter((j) => j.data.number === n));

/** Problems, counter and audit entries: a refused command must change none of them. */
async function snapshot() {
  const [problems, rows, standards, claims, counter, audit] = await Promise.all([
    ProblemModel.find().sort({ number: 1 }).lean(),
    OpenProblemModel.find().sort({ _id: 1 }).lean(),
    StandardAnswerModel.find().sort({ _id: 1 }).lean(),
    RaisedEventModel.countDocuments(),
    CounterModel.find().lean(),
    AuditLogModel.countDocuments(),
  ]);
  return JSON.stringify({ problems, rows, standards, claims, counter, audit });
}

beforeAll(async () => {
  t = await startTestApp({ clock });
  await seedSmallDistrict();
});
afterAll(() => t.close());

describe('raising a problem', () => {
  it('numbers it, acknowledges it in the group with the leader and deputy @-mentioned, and audits it', async () => {
    clock.set(china('2026-12-01 10:00'));
    const msg = t.message('/问题 规上工业企业月报的报送截止时间是哪天？', { as: phoneOf('member1'), chat: 'JS-01' });
    msg.attachments = [{ kind: 'image', url: 'https://files.example/table.png', name: 'table.png' }];
    await t.app.inbox.accept(msg);
    const [ack, ...more] = await t.settle(msg);
    expect(more).toEqual([]);
    expect(ack!.chatId).toBe('JS-01');
    expect(ack!.text).toContain('已收到问题 Q-0001');
    expect(ack!.text).toContain('请网格长一格长、副网格长一副长答复：/答复 Q-0001 答复内容');
    expect(ack!.text).toContain('若 12月3日（周四）10:00 前未答复，将转街道。');
    expect(ack!.mentions).toEqual([phoneOf('leader1'), phoneOf('deputy1')]);

    const p = await problem(1);
    expect(p).toMatchObject({ status: 'open', level: 3, grid: 'JS-01', street: 'JS', district: 'OH', askerName: '一组员', round: 0 });
    expect(p.attachments).toEqual([{ kind: 'image', url: 'https://files.example/table.png', name: 'table.png' }]);
    expect(formatLocal(p.escalateAt!)).toBe('2026-12-03 10:00');
    expect(await AuditLogModel.findOne({ command: 'ask' }).lean()).toMatchObject({ result: 'ok', grid: 'JS-01', detail: 'raised Q-0001 in JS-01' });
    const [job] = await escalationsOf(1);
    expect(job!.id).toBe(jobIdOf('problem-escalation:1:r0:L2'));
    expect(await job!.getState()).toBe('delayed');
  });

  it('creates one problem when the same event is handled again after a crash', async () => {
    const msg = t.message('/问题 季报什么时候开始填报？', { as: phoneOf('member1b'), chat: 'JS-01', eventId: 'evt-ask-twice' });
    const first = await dispatch(msg, t.app.router, t.app.services);
    const again = await dispatch(msg, t.app.router, t.app.services);
    expect(again.map((m) => m.text)).toEqual(first.map((m) => m.text));
    expect(await ProblemModel.countDocuments({ eventKey: 'console:evt-ask-twice' })).toBe(1);
    expect((await CounterModel.findById('problem').lean())!.seq).toBe(2);
    expect(await escalationsOf(2)).toHaveLength(1);
  });

  it('privately: uses the member’s grid, tells the grid’s group the question, and acknowledges privately', async () => {
    const from = t.sender.sent.length;
    const replies = await as('member1c', '/问题 新开的分公司要单独报表吗？', { chat: 'p2p-member1c', chatType: 'p2p' });
    const ack = replies.find((m) => m.chatId === 'p2p-member1c')!;
    expect(ack.text).toMatch(/已收到问题 Q-\d+，已交「景山工业网格1」的网格长一格长、副网格长一副长答复。/);
    const [group] = deliveredTo({ chat: 'JS-01' }, from);
    expect(group!.text).toContain('【新问题】');
    expect(group!.text).toContain('一组员丙（一组员丙的单位）：新开的分公司要单独报表吗？');
    expect(group!.mentions).toEqual([phoneOf('leader1'), phoneOf('deputy1')]);

    const n = Number(/Q-(\d+)/.exec(ack.text)![1]);
    const answered = await as('leader1', `/答复 ${q(n)} 独立核算的要单独报。`);
    const privately = answered.find((m) => m.userId === phoneOf('member1c'))!;
    expect(privately.chatId).toBeUndefined();
    expect(privately.text).toContain(`您的问题 ${q(n)} 有答复（一格长，网格）：\n独立核算的要单独报。`);
  });

  it('privately, for someone in several grids: asks them to raise it in the group, and writes nothing', async () => {
    await MemberModel.create({
      name: '两格人', phone: '13900000077', identities: [identityKey('console', '13900000077')],
      memberships: [{ grid: 'JS-01', role: 'member' }, { grid: 'JS-02', role: 'member' }],
    });
    const before = await snapshot();
    const msg = t.message('/问题 这个指标怎么填？', { as: '13900000077', chat: 'p2p-two', chatType: 'p2p' });
    await t.app.inbox.accept(msg);
    expect((await t.settle(msg)).map((m) => m.text)).toEqual(['您在多个网格（景山工业网格1、景山贸易网格2），请在要提问的网格群里发送 /问题。']);
    expect(await snapshot()).toBe(before);
  });
});

describe('escalation on the working calendar', () => {
  it('goes to the street after 2 working days and the bureau 3 more, one message each, then is answered and resolved', async () => {
    clock.set(china('2026-12-04 16:00')); // a Friday
    const n = await raise('member1', '工业产值和销售产值的区别是什么？');
    const p0 = await problem(n);
    expect(formatLocal(p0.escalateAt!)).toBe('2026-12-08 16:00'); // the weekend does not count

    clock.set(china('2026-12-07 16:00')); // Monday: not due
    await t.runDelayed(ESCALATION_QUEUE);
    expect((await problem(n)).level).toBe(3);
    expect(deliveredTo({ chat: 'JS' }).filter((m) => m.text.includes(q(n)))).toHaveLength(0);

    clock.set(china('2026-12-08 16:00'));
    await t.runDelayed(ESCALATION_QUEUE);
    const street = await waitFor(() => deliveredTo({ chat: 'JS' }).find((m) => m.text.includes(q(n))), 10_000, 'street message');
    expect(street.text).toContain(`【问题升级】${q(n)} 已 4天 未答复，现转街道。`);
    expect(street.text).toContain('网格：景山工业网格1（JS-01）');
    expect(street.text).toContain('一组员（一组员的单位）：工业产值和销售产值的区别是什么？');
    expect(street.text).toContain('若 12月11日（周五）16:00 前未答复，将转区统计局。');
    expect(street.mentions).toEqual([phoneOf('streetJS')]);
    expect(await problem(n)).toMatchObject({ level: 2, status: 'open' });

    await t.runDelayed(ESCALATION_QUEUE); // the bureau's turn is not due yet, and the street's never fires again
    clock.set(china('2026-12-11 15:59'));
    await t.runDelayed(ESCALATION_QUEUE);
    expect((await problem(n)).level).toBe(2);

    clock.set(china('2026-12-11 16:00'));
    await t.runDelayed(ESCALATION_QUEUE);
    const bureau = await waitFor(() => deliveredTo({ chat: 'OH' }).find((m) => m.text.includes(q(n))), 10_000, 'bureau message');
    expect(bureau.text).toContain(`【问题升级】${q(n)} 已 7天 未答复，现转区统计局。`);
    expect(bureau.mentions).toEqual([phoneOf('bureau')]);
    await t.runDelayed(ESCALATION_QUEUE);
    expect(deliveredTo({ chat: 'JS' }).filter((m) => m.text.includes(q(n)))).toHaveLength(1);
    expect(deliveredTo({ chat: 'OH' }).filter((m) => m.text.includes(q(n)))).toHaveLength(1);
    expect((await problem(n)).escalateAt).toBeUndefined();
    expect(await AuditLogModel.countDocuments({ command: 'escalateProblem', detail: { $regex: q(n) } })).toBe(2);

    const answered = await as('bureau', `/答复 ${q(n)} 工业产值包括在制品增减，销售产值只算已售出的。`, { chat: 'OH' });
    expect(answered.find((m) => m.chatId === 'OH')!.text).toBe(`已答复 ${q(n)}，已通知提问人一组员。`);
    const told = answered.find((m) => m.chatId === 'JS-01')!;
    expect(told.text).toContain(`您的问题 ${q(n)} 有答复（区统计员，区统计局）`);
    expect(told.text).toContain(`问题已解决请发 /解决 ${q(n)}`);
    expect(told.mentions).toEqual([phoneOf('member1')]);
    expect(told.buttons).toEqual([{ label: '已解决', command: `/解决 ${q(n)}` }]);

    expect(await OpenProblemModel.findById(q(n)).lean()).toMatchObject({ status: 'answered', level: 1, grid: 'JS-01' });
    expect(await say('member1', `/解决 ${q(n)}`)).toEqual([`${q(n)} 已标记为解决，谢谢反馈！`]);
    expect(await OpenProblemModel.findById(q(n)).lean()).toBeNull(); // off every list
    expect(await problem(n)).toMatchObject({ status: 'resolved', answer: { level: 1, byName: '区统计员' } });
    expect((await problem(n)).steps.map((s) => s.kind)).toEqual(['ask', 'escalate', 'escalate', 'answer', 'resolve']);
  });

  it('keeps the street’s quiet hours, as its reminders do', async () => {
    await saveStreetSettings('XQ', { ...DEFAULT_REMINDER_SETTINGS, quiet: { start: '17:30', end: '08:30' } }, 'test', clock.now());
    clock.set(china('2026-12-01 17:45'));
    const n = await raise('memberXQ', '新桥的报表什么时候开始填？', { chat: 'XQ-01' });
    expect(formatLocal((await problem(n)).escalateAt!)).toBe('2026-12-04 08:30'); // Thursday 17:45 is quiet there
  });

  it('never escalates an answered problem', async () => {
    clock.set(china('2026-12-14 09:00'));
    const n = await raise('member1b', '统计台账要保存几年？');
    const [reply] = await say('leader1', `/答复 ${q(n)} 至少保存五年。`);
    expect(reply).toContain(`您的问题 ${q(n)} 有答复（一格长，网格）`); // answered in the group it was raised: one message
    clock.set(china('2026-12-31 09:00'));
    await t.runDelayed(ESCALATION_QUEUE);
    expect(await problem(n)).toMatchObject({ status: 'answered', level: 3 });
    expect(deliveredTo({ chat: 'JS' }).filter((m) => m.text.includes(q(n)))).toHaveLength(0);
  });
});

describe('follow-ups and hand-overs', () => {
  it('reopens at the level that answered, with a new timer, and the old escalation stays stale', async () => {
    clock.set(china('2026-12-15 10:00'));
    const n = await raise('member1', '研发费用怎么填？');
    clock.set(china('2026-12-17 10:00'));
    await t.runDelayed(ESCALATION_QUEUE);
    expect((await problem(n)).level).toBe(2);
    await say('streetJS', `/答复 ${q(n)} 按会计科目研发支出填。`, { chat: 'JS' });
    expect(await problem(n)).toMatchObject({ status: 'answered', answer: { level: 2 } });

    clock.set(china('2026-12-18 10:00'));
    const from = t.sender.sent.length;
    const [reply] = await say('member1', `/追问 ${q(n)} 委托外单位的研发也算吗？`);
    expect(reply).toBe(`已追问，${q(n)} 重新打开，已交副网格长景山主任答复。`);
    const p = await problem(n);
    expect(p).toMatchObject({ status: 'open', level: 2, round: 1 });
    expect(formatLocal(p.escalateAt!)).toBe('2026-12-23 10:00');
    const [notice] = deliveredTo({ chat: 'JS' }, from);
    expect(notice!.text).toContain(`【追问】${q(n)}（景山工业网格1）`);
    expect(notice!.text).toContain('一组员追问：委托外单位的研发也算吗？');
    expect(notice!.text).toContain('上次答复（景山主任）：按会计科目研发支出填。');
    expect(notice!.mentions).toEqual([phoneOf('streetJS')]);
    // The first round's escalation to the bureau is still scheduled; it will find the round changed.
    expect((await escalationsOf(n)).map((j) => j.id).sort()).toEqual(
      [`r0:L2`, `r0:L1`, `r1:L1`].map((s) => jobIdOf(`problem-escalation:${n}:${s}`)).sort(),
    );

    clock.set(china('2026-12-22 10:00'));
    await t.runDelayed(ESCALATION_QUEUE);
    expect(await problem(n)).toMatchObject({ level: 2, round: 1 });
    const stale = (await escalationsOf(n)).find((j) => j.id === jobIdOf(`problem-escalation:${n}:r0:L1`))!;
    expect(await stale.getState()).toBe('completed');
    expect(stale.returnvalue).toBe('stale');

    clock.set(china('2026-12-23 10:00'));
    await t.runDelayed(ESCALATION_QUEUE);
    expect(await problem(n)).toMatchObject({ level: 1, round: 1 });
    expect(deliveredTo({ chat: 'OH' }).filter((m) => m.text.includes(q(n)))).toHaveLength(1);
  });

  it('hands on to a person by name, @name or phone; they are told privately and may answer', async () => {
    clock.set(china('2026-12-21 10:00'));
    const n = await raise('member1c', '能源消费统计归谁管？');
    const from = t.sender.sent.length;
    expect(await sayHere('leader1', `/转交 ${q(n)} @一组员乙`)).toEqual([`${q(n)} 已转交给 一组员乙，已私信通知。`]);
    const [privately] = deliveredTo({ user: phoneOf('member1b') }, from);
    expect(privately!.text).toContain(`一格长 把问题 ${q(n)}（景山工业网格1）转交给您`);
    expect(privately!.text).toContain(`请您答复：/答复 ${q(n)} 答复内容`);
    expect(await problem(n)).toMatchObject({ holderName: '一组员乙', level: 3 });

    expect(await sayHere('deputy1', `/handover ${q(n)} ${phoneOf('streetJS')}`)).toEqual([`${q(n)} is handed to 景山主任, who has been told privately.`]);
    expect(await sayHere('streetJS', `/转交 ${q(n)} 一组员乙`, { chat: 'JS' })).toEqual([`${q(n)} 已转交给 一组员乙，已私信通知。`]);
    const told = await say('member1b', `/答复 ${q(n)} 由经信局负责。`);
    expect(told[0]).toContain(`您的问题 ${q(n)} 有答复（一组员乙，网格）`);
    expect((await problem(n)).steps.filter((s) => s.kind === 'handover').map((s) => s.text)).toEqual(['一组员乙', '景山主任', '一组员乙']);
  });

  it('takes a hand-over\'s authority away once the problem goes up a level', async () => {
    const before = clock.now();
    clock.set(china('2026-12-22 10:00')); // a Tuesday
    const n = await raise('member1c', '研发费用怎么填报？');
    expect(await sayHere('leader1', `/转交 ${q(n)} 一组员乙`)).toEqual([`${q(n)} 已转交给 一组员乙，已私信通知。`]);
    clock.set(china('2026-12-24 10:00'));
    await t.runDelayed(ESCALATION_QUEUE);
    await waitFor(async () => (await problem(n)).level === 2 || undefined, 10_000, 'escalated to the street');
    expect(await sayHere('member1b', `/答复 ${q(n)} 按研发支出口径填。`)).toEqual([`只有本网格的网格长、副网格长、转交人或上级管理员可以答复 ${q(n)}。`]);
    expect(await sayHere('member1b', `/转交 ${q(n)} 一组员丙`)).toEqual([`只有本网格的网格长、副网格长、转交人或上级管理员可以转交 ${q(n)}。`]);
    // Handed on again at the street's level, the new holder may answer there.
    expect(await sayHere('streetJS', `/转交 ${q(n)} 一组员乙`, { chat: 'JS' })).toEqual([`${q(n)} 已转交给 一组员乙，已私信通知。`]);
    expect((await say('member1b', `/答复 ${q(n)} 按研发支出口径填。`))[0]).toContain(`您的问题 ${q(n)} 有答复（一组员乙，街道）`);
    clock.set(before);
  });

  it('refuses hand-overs it cannot make, and writes nothing', async () => {
    const n = await raise('member1c', '固定资产投资项目怎么入库？');
    const before = await snapshot();
    const cases: Array<[Handle, string, string]> = [
      ['leader1', `/转交 ${q(n)} @_user_1`, '请写对方的姓名或手机号，例如：/转交 Q-0231 张三'],
      ['leader1', `/转交 ${q(n)} 查无此人`, '通讯录里找不到「查无此人」，请写姓名或手机号。'],
      ['leader1', `/转交 ${q(n)} 新格长`, '新格长 不在本街道或区统计局的网格里，不能转交给他。'],
      ['leader1', `/转交 ${q(n)} 未登记`, '未登记 还没有登记聊天账号，收不到消息。请先让其发送 /登记。'],
      ['leader1', `/转交 ${q(n)} 一格长`, '不能转交给自己。'],
      ['member1', `/转交 ${q(n)} 一组员乙`, `只有本网格的网格长、副网格长、转交人或上级管理员可以转交 ${q(n)}。`],
      ['leader2', `/转交 ${q(n)} 一组员乙`, `${q(n)} 不是您网格的问题，您不能查看或处理。`],
      ['leader1', `/转交 ${q(n)}`, '请写问题编号和要转交的人，例如：/转交 Q-0231 张三'],
    ];
    for (const [who, line, expected] of cases) expect(await say(who, line)).toEqual([expected]);
    expect(await snapshot()).toBe(before);
  });
});

describe('two changes at once', () => {
  it('resolves once when the asker taps resolve twice at the same moment', async () => {
    const n = await raise('member1', '两次点解决会怎样？');
    const replies = (await Promise.all([say('member1', `/解决 ${q(n)}`), say('member1', `/解决 ${q(n)}`)])).flat();
    expect(replies.filter((r) => r.includes('已标记为解决'))).toHaveLength(1);
    expect(replies.filter((r) => r.includes('已经是已解决的了'))).toHaveLength(1);
    expect((await problem(n)).steps.filter((s) => s.kind === 'resolve')).toHaveLength(1);
  });
});

describe('standard answers', () => {
  it('suggests the closest standard answers to a new question, which is raised anyway', async () => {
    const n = await raise('member1', '规上工业月报最晚几号报送？');
    await say('leader1', `/答复 ${q(n)} 每月5日前在联网直报平台报送。`);
    expect(await say('bureau', `/标准答复 ${q(n)} 月报 截止时间`, { chat: 'OH' })).toEqual([
      `${q(n)} 已设为标准答复（标签：月报、截止时间），今后相似的问题会自动推荐它。`,
    ]);
    const k = await raise('leader2', '四上', { chat: 'JS-02' }); // no match
    expect(await say('leader2', `/答复 ${q(k)} 规模以上工业、资质等级建筑业、限额以上批零住餐、规模以上服务业。`, { chat: 'JS-02' })).toHaveLength(1);
    await say('bureau', `/standard ${q(k)} 四上 名录`, { chat: 'OH' });

    const [ack] = await say('member2', '/问题 月报什么时候截止？', { chat: 'JS-02' });
    expect(ack).toMatch(/已收到问题 Q-\d+/);
    expect(ack).toContain('相似问题的标准答复：');
    expect(ack).toContain(`1. ${q(n)} 规上工业月报最晚几号报送？\n   答：每月5日前在联网直报平台报送。`);
    expect(ack).not.toContain(q(k));
    expect(await StandardAnswerModel.findById(q(n)).lean()).toMatchObject({ answer: '每月5日前在联网直报平台报送。', tags: ['月报', '截止时间'] });
    expect(ack).toMatch(/如果已解答您的问题，请发 \/解决 Q-\d+/);

    const [plain] = await say('member2', '/问题 统计之家的活动场地怎么预约？', { chat: 'JS-02' });
    expect(plain).not.toContain('相似问题');
    const [en] = await say('member2', '/ask 四上企业名录在哪里看？', { chat: 'JS-02' });
    expect(en).toContain('Standard answers to similar questions:');
    expect(en).toContain(q(k));
  });

  it('only the bureau marks them, and only answered problems', async () => {
    const n = await raise('member1', '报表签字要法人本人签吗？');
    const before = await snapshot();
    expect(await say('bureau', `/标准答复 ${q(n)} 签字`, { chat: 'OH' })).toEqual([`${q(n)} 还没有答复，不能设为标准答复。`]);
    expect(await say('leader1', `/标准答复 ${q(n)} 签字`)).toEqual(['只有区统计局管理员可以使用 /标准答复。']);
    expect(await snapshot()).toBe(before);
  });
});

describe('problem lists', () => {
  it('shows the bureau everything, a street its own, a leader the grid’s and a member their own', async () => {
    const xq = await raise('memberXQ', '新桥的问题', { chat: 'XQ-01' });
    const js2 = await raise('member2', '景山二的问题', { chat: 'JS-02' });
    const mine = await raise('member1', '一组员的问题');
    const others = await raise('member1b', '一组员乙的问题');
    const list = async (who: Handle, where: Where, page = '') => (await say(who, `/问题列表 ${page}`.trim(), where))[0]!;

    const bureau = await list('bureau', { chat: 'p2p-bureau', chatType: 'p2p' });
    expect(bureau).toMatch(/^未解决的问题 \d+ 个（第 1\/\d+ 页，最早的在前）/);
    const all = await ProblemModel.countDocuments({ status: { $in: ['open', 'answered'] } });
    expect(bureau).toContain(`未解决的问题 ${all} 个`);
    const lastPage = await list('bureau', { chat: 'p2p-bureau', chatType: 'p2p' }, String(Math.ceil(all / 10)));
    expect(lastPage).toContain(q(others)); // newest last
    expect(lastPage).toContain(q(xq));
    expect(bureau).toContain('下一页：/问题列表 2');
    expect(bureau.split('\n').filter((l) => /^Q-\d+｜/.test(l))).toHaveLength(10);

    const street = await list('streetJS', { chat: 'JS' }, '99');
    expect(street).not.toContain(q(xq));
    expect(street).toContain(q(js2));
    const leader = await list('leader1', {}, '99');
    expect(leader).toContain(q(others));
    expect(leader).not.toContain(q(js2));
    expect(leader).toMatch(new RegExp(`${q(others)}｜待答复｜网格｜\\d+分钟\\n  景山工业网格1·一组员乙：一组员乙的问题`));

    const member = await list('member1', {});
    expect(member).toMatch(/^您提出的未解决问题 \d+ 个/);
    expect(member).toContain(q(mine));
    expect(member).not.toContain(q(others));
    const member2 = await list('member2', { chat: 'p2p-m2', chatType: 'p2p' }, '99');
    expect(member2).not.toContain('景山工业网格1');
    const [english] = await say('memberXQ', '/questions', { chat: 'XQ-01' });
    expect(english).toMatch(/^Your unresolved problems: \d+ \(page 1\/1, oldest first\)\n/);
    expect(english).toMatch(new RegExp(`${q(xq)} \\| awaiting answer \\| grid \\| 0 min\\n  新桥工业网格1 · 新组员: 新桥的问题`));
  });
});

describe('bad input', () => {
  it('is answered clearly and writes nothing', async () => {
    const n = await raise('member1', '一个待处理的问题');
    const done = await raise('member1', '一个已解决的问题');
    await say('member1', `/解决 ${q(done)}`);
    const before = await snapshot();
    const cases: Array<[Handle, string, Where, string]> = [
      ['member1', '/问题', {}, '请在 /问题 后面写上问题内容，例如：/问题 月报的截止时间是哪天？'],
      ['member1', '/ask', {}, 'Write the problem after /ask, for example: /ask When is the monthly report due?'],
      ['member2', '/问题 我在别的群问', {}, '您不是「景山工业网格1」的成员。请在您网格的群里提问，或私聊我发送 /问题。'],
      ['member1', '/问题 没绑定的群', { chat: 'unbound' }, '本群还没有绑定网格。请在您网格的群里发送 /问题，或私聊我发送。'],
      ['leader1', '/答复 Q-9999 答复', {}, '没有编号为 Q-9999 的问题，请核对。'],
      ['leader1', '/答复 第一个 答复', {}, '“第一个”不是问题编号，编号形如 Q-0231。'],
      ['leader1', `/答复 ${q(n)}`, {}, '请写问题编号和答复内容，例如：/答复 Q-0231 每月5日前报送。'],
      ['member1b', `/答复 ${q(n)} 我来答`, {}, `只有本网格的网格长、副网格长、转交人或上级管理员可以答复 ${q(n)}。`],
      ['leader2', `/答复 ${q(n)} 我来答`, { chat: 'JS-02' }, `${q(n)} 不是您网格的问题，您不能查看或处理。`],
      ['streetXQ', `/答复 ${q(n)} 我来答`, { chat: 'XQ' }, `${q(n)} 不是您网格的问题，您不能查看或处理。`],
      ['member1b', `/解决 ${q(n)}`, {}, `${q(n)} 是一组员提出的问题，只有提问人可以标记为已解决。`],
      ['memberXQ', `/追问 ${q(n)} 我也想问`, { chat: 'XQ-01' }, `${q(n)} 不是您网格的问题，您不能查看或处理。`],
      ['leader1', `/追问 ${q(n)} 补充`, {}, `${q(n)} 是一组员提出的问题，只有提问人可以追问。`],
      ['member1', `/追问 ${q(n)}`, {}, '请写问题编号和追问内容，例如：/追问 Q-0231 季报也是这个时间吗？'],
      ['member1', `/解决 ${q(done)}`, {}, `${q(done)} 已经是已解决的了。`],
      ['leader1', `/答复 ${q(done)} 再答一次`, {}, `${q(done)} 已解决，不能再答复。有新问题请发 /问题。`],
      ['leader1', `/转交 ${q(done)} 一组员乙`, {}, `${q(done)} 已解决，不需要转交。`],
      ['member1', '/问题列表 第二页', {}, '格式不对。用法：/问题列表 [页码]'],
    ];
    for (const [who, line, where, expected] of cases) expect([line, await say(who, line, where)]).toEqual([line, [expected]]);
    expect(await snapshot()).toBe(before);
  });
});

describe('a level with no bound group', () => {
  it('is told privately, each leader on their own', async () => {
    await ChatBindingModel.deleteMany({ grid: 'XQ' });
    clock.set(china('2027-01-04 10:00'));
    const n = await raise('memberXQ', '新桥街道群还没建，问题能转上去吗？', { chat: 'XQ-01' });
    const from = t.sender.sent.length;
    clock.set(china('2027-01-06 10:00'));
    await t.runDelayed(ESCALATION_QUEUE);
    const privately = await waitFor(() => deliveredTo({ user: phoneOf('streetXQ') }, from).find((m) => m.text.includes(q(n))), 10_000, 'private notice');
    expect(privately.chatId).toBeUndefined();
    expect(privately.text).toContain(`【问题升级】${q(n)} 已 2天 未答复，现转街道。`);
    expect(await problem(n)).toMatchObject({ level: 2 });
  });
});
