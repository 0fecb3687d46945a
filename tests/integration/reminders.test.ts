import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { dispatch } from '../../src/core/dispatch.js';
import type { OutboundMessage } from '../../src/core/types.js';
import { atLocal } from '../../src/domain/chinaTime.js';
import { jobIdOf } from '../../src/queue/jobIds.js';
import { reportBefore, reportDue, reportOverdue } from '../../src/reminders/monthlyReport.js';
import { planKind, REMINDER_QUEUE, type ReminderKind } from '../../src/reminders/occurrence.js';
import { returnsReminder } from '../../src/reminders/returns.js';
import { assessmentLateDecember, assessmentMidDecember } from '../../src/reminders/assessmentDue.js';
import runJob from '../../src/admin/tasks/runJob.js';
import { AuditLogModel } from '../../src/store/models/auditLog.js';
import { GridModel } from '../../src/store/models/grid.js';
import { identityKey, MemberModel } from '../../src/store/models/member.js';
import { MonthlyReportModel } from '../../src/store/models/monthlyReport.js';
import { ReminderLogModel } from '../../src/store/models/reminderLog.js';
import { ReminderSettingsModel } from '../../src/store/models/reminderSettings.js';
import { ChatBindingModel } from '../../src/store/models/chatBinding.js';
import { phoneOf, seedSmallDistrict } from '../support/fixtures.js';
import { RecordingSender, startTestApp, waitFor, type TestApp } from '../support/testApp.js';

const clock = new ManualClock(atLocal('2026-11-20', '10:00'));
let t: TestApp;

/** Waits until nothing is left to deliver. */
async function delivered(app: TestApp['app']): Promise<void> {
  await waitFor(async () => {
    const counts = await app.queue('outbound').getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return Object.values(counts).every((n) => n === 0);
  }, 15_000, 'outbound idle');
}

/**
 * Plans a kind by the clock, then runs its delayed jobs (of those streets) as if their time had
 * come (a job not due by the clock puts itself back), and returns what was sent meanwhile.
 */
async function tick(app: TestApp, kind: ReminderKind<any>, streets?: string[], sender: RecordingSender = app.sender): Promise<OutboundMessage[]> {
  const before = sender.sent.length;
  await planKind(app.app.services, kind, streets);
  const queue = app.app.queue(REMINDER_QUEUE);
  const mine = (await queue.getDelayed()).filter((j) => j.name === kind.job && (!streets || streets.includes(j.data.street)));
  await Promise.all(mine.map((j) => j.promote()));
  await waitFor(async () => Object.values(await queue.getJobCounts('waiting', 'active', 'prioritized')).every((n) => n === 0) || undefined, 15_000, 'reminders idle');
  await delivered(app.app);
  return sender.sent.slice(before);
}

const plannedFor = async (app: TestApp, id: string) => (await app.app.queue(REMINDER_QUEUE).getJob(jobIdOf(id)))?.data.plannedFor as string | undefined;
const to = (msgs: OutboundMessage[], handle: Parameters<typeof phoneOf>[0]) => msgs.filter((m) => m.userId === phoneOf(handle));

beforeAll(async () => {
  t = await startTestApp({ clock });
  await seedSmallDistrict();
});
afterAll(() => t.close());

describe('monthly report reminders on BullMQ, in China time', () => {
  it('sends a reminder missed while the bot was down while its subject lies ahead, and drops one whose subject has passed', async () => {
    clock.set(atLocal('2026-11-20', '10:30'));
    const sent = await tick(t, reportBefore); // due 09:00 today (the 22nd is a Sunday)
    expect(sent.map((m) => m.userId).sort()).toEqual([phoneOf('leader1'), phoneOf('leader2'), phoneOf('leaderXQ')].sort());
    expect(sent[0]!.text).toContain('的月度汇报 11月25日 截止');
    expect(await tick(t, returnsReminder)).toEqual([]); // November's was on the 6th
    expect(await plannedFor(t, 'returns:JS:2026-11')).toBeUndefined();
    expect(await plannedFor(t, 'returns:JS:2026-12')).toBe(atLocal('2026-12-08', '09:00').toISOString());
  });

  it('fires the due-day reminder once, at 09:00 China time, to the leaders who have not reported', async () => {
    clock.set(atLocal('2026-11-20', '10:00'));
    expect(await t.say('/月报 本月走访企业5家，网格员反映用电数据口径问题', { as: phoneOf('leader1'), chat: 'JS-01' })).toEqual([
      '已收到景山工业网格1 11月的月度汇报，按时（截止 11月25日）。',
      expect.stringContaining('【月度汇报】景山工业网格1（JS-01）11月'), // to the street's group, to be heard
    ]);
    expect(await tick(t, reportDue)).toEqual([]);
    expect(await plannedFor(t, 'report-due:JS:2026-11')).toBe(atLocal('2026-11-25', '09:00').toISOString());

    clock.set(atLocal('2026-11-25', '08:59'));
    expect(await tick(t, reportDue)).toEqual([]);

    clock.set(atLocal('2026-11-25', '09:00'));
    const sent = await tick(t, reportDue);
    expect(to(sent, 'leader2')).toHaveLength(1);
    expect(to(sent, 'leader2')[0]!.text).toContain('【月报今日截止】景山贸易网格2（JS-02）11月的月度汇报今天（11月25日）截止');
    expect(to(sent, 'leaderXQ')).toHaveLength(1);
    expect(to(sent, 'leader1')).toEqual([]); // reported already
    expect(sent).toHaveLength(2);

    clock.set(atLocal('2026-11-25', '15:00'));
    expect(await tick(t, reportDue)).toEqual([]);
    expect(await ReminderLogModel.countDocuments({ kind: 'report-due' })).toBe(2);
  });

  it('escalates to the street leader naming exactly the overdue grids', async () => {
    await GridModel.create({ code: 'JS-03', name: '景山服务网格3', level: 3, industry: '服务业', parent: 'JS', street: 'JS' });
    await MemberModel.create({ name: '三格长', phone: '13900000041', memberships: [{ grid: 'JS-03', role: 'leader' }], identities: [identityKey('console', '13900000041')] });
    await ChatBindingModel.create({ platform: 'console', chatId: 'JS-03', grid: 'JS-03' });
    clock.set(atLocal('2026-11-26', '08:00'));
    expect(await t.say('/report late report', { as: phoneOf('leader2'), chat: 'JS-02' })).toEqual([
      'Received the 2026-11 report of 景山贸易网格2, late (due 2026-11-25).',
      expect.stringContaining('JS-02'),
    ]);
    clock.set(atLocal('2026-11-26', '08:30'));
    expect(await t.say('/月报 late again', { as: phoneOf('leader2'), chat: 'JS-02' })).toEqual([
      '已更新景山贸易网格2 11月的月度汇报，逾期提交（截止 11月25日）。',
      expect.stringContaining('【月报更新】景山贸易网格2（JS-02）'),
    ]);

    clock.set(atLocal('2026-11-26', '09:00'));
    const sent = await tick(t, reportOverdue);
    const js = to(sent, 'streetJS');
    expect(js).toHaveLength(1);
    expect(js[0]!.text).toBe('【月报逾期】11月月度汇报已于 11月25日 截止，以下 1 个网格尚未提交：\nJS-03 景山服务网格3（三格长）');
    const xq = to(sent, 'streetXQ');
    expect(xq[0]!.text).toContain('XQ-01 新桥工业网格1（新格长）');
    expect(xq[0]!.text).not.toContain('JS-');

    const status = (await t.say('/月报情况', { as: phoneOf('streetJS'), chat: 'JS' }))[0]!;
    expect(status).toContain('按时 1 · 逾期 1 · 未交 1 · 已听取 0');
    expect(status).toContain('【按时】JS-01 景山工业网格1 · 未听取 · 一格长 11月20日：本月走访企业5家');
    expect(status).toContain('【逾期】JS-02 景山贸易网格2 · 未听取 · 二格长 11月26日：late again');
    expect(status).toContain('【未交】JS-03 景山服务网格3');
  });

  it('moves a reminder off a holiday to the previous working day, and counts a make-up day as working', async () => {
    clock.set(atLocal('2026-09-20', '10:00'));
    expect((await t.say('/提醒设置 月报截止日 4', { as: phoneOf('streetJS'), chat: 'JS' }))[0]).toContain('已保存');
    // 4 October is in the National Day holiday: the due-day reminder goes out on 30 September.
    expect(await plannedFor(t, 'report-due:JS:2026-10')).toBe(atLocal('2026-09-30', '09:00').toISOString());
    await t.say('/提醒设置 月报截止日 10', { as: phoneOf('streetJS'), chat: 'JS' });
    // Saturday 10 October is a make-up working day: the reminder stays on it (the pending job moved).
    expect(await plannedFor(t, 'report-due:JS:2026-10')).toBe(atLocal('2026-10-10', '09:00').toISOString());
    clock.set(atLocal('2026-10-10', '09:00'));
    const sent = await tick(t, reportDue, ['JS']);
    expect(sent.map((m) => m.userId).sort()).toEqual([phoneOf('leader1'), phoneOf('leader2'), '13900000041'].sort());
    expect(sent[0]!.text).toContain('今天（10月10日）截止');
  });

  it('answers a double-tapped /已报 once as recorded and once as already confirmed', async () => {
    // November, so December's reminder test below starts with nobody confirmed.
    clock.set(atLocal('2026-11-03', '10:00'));
    const replies = (await Promise.all([1, 2, 3].map(() => t.say('/已报', { as: phoneOf('member1b'), chat: 'JS-01' })))).flat();
    expect(replies.filter((r) => r.startsWith('已记录'))).toHaveLength(1);
    expect(replies.filter((r) => r.startsWith('您本月已于'))).toHaveLength(2);
  });

  it('reminds members who have not confirmed their returns, individually, and gives the leader the list', async () => {
    clock.set(atLocal('2026-12-03', '10:00'));
    expect(await t.say('/已报', { as: phoneOf('member1'), chat: 'JS-01' })).toEqual([
      '已记录：您单位本月统计报表已报送。本月报送期 12月1日至12月10日。',
    ]);
    expect(await t.say('/已报', { as: phoneOf('member1'), chat: 'JS-01' })).toEqual(['您本月已于 12月3日 确认过报送，无需重复。']);
    clock.set(atLocal('2026-12-08', '09:00'));
    const sent = await tick(t, returnsReminder, ['JS']);
    expect(to(sent, 'member1')).toEqual([]);
    for (const h of ['deputy1', 'member1b', 'member1c', 'member2'] as const) {
      expect(to(sent, h)).toHaveLength(1);
      expect(to(sent, h)[0]!.text).toContain('请发送 /已报 确认');
    }
    // Not registered on any platform: named in the grid's group instead.
    const group = sent.filter((m) => m.chatId === 'JS-01');
    expect(group).toHaveLength(1);
    expect(group[0]!.text).toMatch(/^未登记：【报表提醒】/);
    const list = to(sent, 'leader1');
    expect(list).toHaveLength(1);
    expect(list[0]!.text).toContain('还有 4 人未确认报送12月报表（12月1日至12月10日）');
    expect(list[0]!.text).not.toContain('一组员、');
  });

  it('@-mentions members in their group where the platform cannot message them privately', async () => {
    class GroupOnly extends RecordingSender {
      readonly privateMessages = false;
    }
    const groupOnly = new GroupOnly();
    t.app.senders.register('console', groupOnly);
    try {
      clock.set(atLocal('2026-12-08', '09:00'));
      await tick(t, returnsReminder, ['XQ'], groupOnly);
      const member = groupOnly.sent.find((m) => m.mentions?.includes(phoneOf('memberXQ')));
      expect(member?.chatId).toBe('XQ-01');
      expect(member?.userId).toBeUndefined();
      expect(member!.text).toMatch(/^新组员：【报表提醒】/);
    } finally {
      t.app.senders.register('console', t.sender);
    }
  });
});

describe('settings and bad input', () => {
  it('clamps a due day of 31 in February and says so', async () => {
    clock.set(atLocal('2027-02-10', '10:00'));
    const reply = (await t.say('/提醒设置 月报截止日 31', { as: phoneOf('streetXQ'), chat: 'XQ' }))[0]!;
    expect(reply).toContain('本月没有 31 日，本月按月末 2月28日 截止。');
    expect(await ReminderSettingsModel.findOne({ street: 'XQ' }).lean()).toMatchObject({ reportDueDay: 31 });
    expect(await plannedFor(t, 'report-due:XQ:2027-02')).toBe(atLocal('2027-02-26', '09:00').toISOString()); // 28th is a Sunday
  });

  it('answers bad input clearly and changes nothing', async () => {
    clock.set(atLocal('2026-11-27', '10:00'));
    const settings = JSON.stringify(await ReminderSettingsModel.find().sort({ street: 1 }).lean());
    const reports = await MonthlyReportModel.countDocuments();
    const say = (text: string, as: Parameters<typeof phoneOf>[0], chat: string) => t.say(text, { as: phoneOf(as), chat });
    expect(await say('/提醒设置 月报截止日 32', 'streetJS', 'JS')).toEqual(['月报截止日写 1 到 31 的整数，例如：/提醒设置 月报截止日 25']);
    expect(await say('/提醒设置 免打扰 25:00-08:00', 'streetJS', 'JS')).toEqual([expect.stringContaining('免打扰写成“开始-结束”')]);
    expect(await say('/提醒设置 提醒时间 22:30', 'streetJS', 'JS')).toEqual(['提醒时间写成 9:00 这样的时刻，且不能在免打扰时段内']);
    expect(await say('/提醒设置 月报截止日 20', 'leader1', 'JS-01')).toEqual(['只有街道管理员、区统计局管理员可以使用 /提醒设置。']);
    expect(await say('/月报情况 2026-13', 'streetJS', 'JS')).toEqual(['「2026-13」不是有效的月份，请写成 2026年11月、11月 或 上个月。']);
    expect(await say('/月报 2026-02-30 补交', 'leader1', 'JS-01')).toEqual(['「2026-02-30」不是有效的月份，请写成 2026年11月、11月 或 上个月。']);
    expect(await say('/月报 2027-01 预交', 'leader1', 'JS-01')).toEqual(['不能提交以后月份的月报。']);
    expect(await say('/月报 本月情况', 'streetJS', 'JS')).toEqual(['月报由三级网格的网格长在本网格群里提交。']);
    expect(await say('/运行提醒 月报到期 JS 2026-02-30', 'bureau', 'OH')).toEqual(['「2026-02-30」不是有效的月份或季度，请写成 2026-11 或 2026-Q4。']);
    expect(await say('/运行提醒 月报 JS', 'bureau', 'OH')).toEqual([expect.stringContaining('没有「月报」这种提醒。可运行：月报提前（report-before）')]);
    expect(JSON.stringify(await ReminderSettingsModel.find().sort({ street: 1 }).lean())).toBe(settings);
    expect(await MonthlyReportModel.countDocuments()).toBe(reports);
  });
});

describe('running a reminder now, for the demo', () => {
  it('runs a named reminder at once, audited, whatever the calendar says', async () => {
    clock.set(atLocal('2026-11-27', '11:00'));
    const before = t.sender.sent.length;
    expect(await t.say('/运行提醒 月报逾期 JS 2026-11', { as: phoneOf('bureau'), chat: 'OH' })).toEqual(['已立即运行「月报逾期」：JS 2026-11。']);
    await waitFor(() => to(t.sender.sent.slice(before), 'streetJS').length > 0 || undefined, 15_000, 'escalation delivered');
    expect(to(t.sender.sent.slice(before), 'streetJS')[0]!.text).toContain('JS-03 景山服务网格3');
    expect(await AuditLogModel.findOne({ command: 'runjob' }).lean()).toMatchObject({ result: 'ok', detail: 'ran report-overdue:JS:2026-11' });
  });

  it('does the same from the admin command line, audited, and refuses a bad date', async () => {
    const out: string[] = [];
    const before = t.sender.sent.length;
    const logged = await ReminderLogModel.countDocuments();
    expect(await runJob.run(['report-due', '--street', 'XQ', '--ref', '2026-11'], t.app, (l) => out.push(l))).toBe(0);
    expect(out).toEqual(['ran report-due:XQ:2026-11: 1 message(s)']);
    await delivered(t.app);
    expect(to(t.sender.sent.slice(before), 'leaderXQ')[0]!.text).toContain('【月报今日截止】新桥工业网格1');
    expect(await AuditLogModel.findOne({ command: 'run-job' }).lean()).toMatchObject({ platform: 'admin', result: 'ok', detail: out[0] });
    // Running it by hand is not the scheduled sending: that one is neither marked sent nor blocked.
    expect(await ReminderLogModel.countDocuments()).toBe(logged);

    out.length = 0;
    expect(await runJob.run(['report-due', '--ref', '2026-02-30'], t.app, (l) => out.push(l))).toBe(1);
    expect(out).toEqual(['「2026-02-30」不是有效的月份或季度，请写成 2026-11 或 2026-Q4。']);
    expect(await AuditLogModel.countDocuments({ command: 'run-job' })).toBe(1);
  });
});

describe('monthly reports sent at once, and again after a crash', () => {
  it('takes two /月报 at once, and a replay says what happened the first time', async () => {
    clock.set(atLocal('2026-11-20', '10:00'));
    const lines = ['十月第一稿', '十月第二稿'].map((text) => t.message(`/月报 2026-10 ${text}`, { as: phoneOf('leaderXQ'), chat: 'XQ-01' }));
    // The reply in the grid's group (the report also goes to the street to be heard).
    const reply = async (m: (typeof lines)[number]) =>
      (await dispatch(m, t.app.router, t.app.services)).filter((o) => o.chatId === 'XQ-01').map((o) => o.text).join('\n');
    const first = await Promise.all(lines.map(reply));
    // (a street setting changed above moves the due day; this is about which one was first)
    expect(first.map((r) => r.split('，')[0]).sort()).toEqual(['已收到新桥工业网格1 10月的月度汇报', '已更新新桥工业网格1 10月的月度汇报']);
    for (const [i, m] of lines.entries()) expect(await reply(m)).toBe(first[i]);
    expect(await MonthlyReportModel.countDocuments({ grid: 'XQ-01', period: '2026-10' })).toBe(1);
  });
});

describe('the December assessment reminders', () => {
  it('tell the streets that have not submitted where they stand, by the end of December', async () => {
    clock.set(atLocal('2026-12-10', '10:00'));
    expect(await tick(t, assessmentMidDecember)).toEqual([]); // not yet
    const at = await plannedFor(t, 'assessment-mid:JS:2026-12');
    expect(at).toBe(atLocal('2026-12-15', '09:00').toISOString());
    expect((await t.say('/考核 试算', { as: phoneOf('streetJS'), chat: 'JS' }))[0]).toContain('景山街道 2026 年考核【草稿】');
    clock.set(new Date(at!));
    const sent = await tick(t, assessmentMidDecember);
    expect(to(sent, 'streetJS').map((m) => m.text)).toEqual(['【考核提醒】2026 年网格员年度考核须在 12 月底前完成并报区统计局。本街道目前：草稿中还有并列名次待决定（见 /考核），决定后提交：/考核 提交']);
    expect(to(sent, 'streetXQ').map((m) => m.text)).toEqual(['【考核提醒】2026 年网格员年度考核须在 12 月底前完成并报区统计局。本街道目前：还没有试算，请发送：/考核 试算']);
    expect(await tick(t, assessmentMidDecember)).toEqual([]); // once
    expect(await tick(t, assessmentLateDecember)).toEqual([]); // its day is still to come
    expect(await plannedFor(t, 'assessment-late:XQ:2026-12')).toBe(atLocal('2026-12-25', '09:00').toISOString());
  });
});
