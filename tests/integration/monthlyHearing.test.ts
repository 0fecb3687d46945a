import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { atLocal } from '../../src/domain/chinaTime.js';
import { hearingReport } from '../../src/exports/hearingReport.js';
import { reportUnheard } from '../../src/reminders/monthlyReport.js';
import { planKind, REMINDER_QUEUE } from '../../src/reminders/occurrence.js';
import { AuditLogModel } from '../../src/store/models/auditLog.js';
import { MonthlyReportModel } from '../../src/store/models/monthlyReport.js';
import { phoneOf, seedSmallDistrict, type Handle } from '../support/fixtures.js';
import { startTestApp, waitFor, type TestApp } from '../support/testApp.js';

const clock = new ManualClock(atLocal('2026-11-20', '10:00'));
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ clock });
  await seedSmallDistrict();
});
afterAll(() => t.close());

/** Everything one command sent: its reply and any message to another chat. */
async function sent(who: Handle, text: string, chat: string, eventId?: string) {
  const msg = t.message(text, { as: phoneOf(who), chat, ...(eventId && { eventId }) });
  await t.app.inbox.accept(msg);
  return t.settle(msg);
}
const say = async (who: Handle, text: string, chat: string) => (await t.say(text, { as: phoneOf(who), chat }));

describe('the monthly hearing (第二级网格长每月听取第三级网格长汇报)', () => {
  it('sends a level-3 report to the street group with the month\'s problems and a [已听取] button', async () => {
    await say('member1', '/问题 规上工业企业月报的报送截止时间是哪天？', 'JS-01');
    const out = await sent('leader1', '/月报 本月走访企业5家', 'JS-01');
    expect(out.find((m) => m.chatId === 'JS-01')!.text).toBe('已收到景山工业网格1 11月的月度汇报，按时（截止 11月25日）。');
    const card = out.find((m) => m.chatId === 'JS')!;
    expect(card).toMatchObject({ title: '景山工业网格1月度汇报', buttons: [{ label: '已听取', command: '/听取 JS-01 2026-11' }] });
    expect(card.text).toBe('【月度汇报】景山工业网格1（JS-01）11月，网格长 一格长：\n本月走访企业5家\n反映问题 1 个：Q-0001（待答复）\n听取后请按 [已听取]。');
    expect(out).toHaveLength(2);
  });

  it('records the street\'s hearing once; a second press says who heard it', async () => {
    clock.set(atLocal('2026-11-21', '09:30'));
    const pressed = await sent('streetJS', '/听取 JS-01 2026-11', 'JS');
    expect(pressed.map((m) => m.text)).toEqual(['已记录：您已听取景山工业网格1（JS-01）11月的月度汇报。']);
    expect(await MonthlyReportModel.findOne({ grid: 'JS-01', period: '2026-11' }).lean()).toMatchObject({
      heardAt: atLocal('2026-11-21', '09:30'), heardByName: '景山主任',
    });
    expect(await say('streetJS', '/听取 JS-01 11月', 'JS')).toEqual(['景山工业网格111月的月度汇报已听取（景山主任 11月21日），无需重复。']);
    expect(await AuditLogModel.countDocuments({ command: 'hear', result: 'ok' })).toBeGreaterThanOrEqual(1);
  });

  it('refuses bad input and changes nothing', async () => {
    expect(await say('streetJS', '/听取 JS-02 2026-11', 'JS')).toEqual(['景山贸易网格2（JS-02）还没有提交11月的月度汇报，无法听取。']);
    expect(await say('streetJS', '/听取 XX-99 2026-11', 'JS')).toEqual(['「XX-99」不是三级网格的编号，请写成 JS-01 这样的网格编号。']);
    expect(await say('streetJS', '/听取 JS 2026-11', 'JS')).toEqual(['「JS」不是三级网格的编号，请写成 JS-01 这样的网格编号。']);
    expect(await say('streetJS', '/听取 JS-01 2026-13', 'JS')).toEqual(['「2026-13」不是有效的月份，请写成 2026年11月、11月 或 上个月。']);
    expect(await say('streetXQ', '/听取 JS-01 2026-11', 'XQ')).toEqual(['景山工业网格1不属于您管理的街道，只有所在街道的网格长、副网格长可以听取。']);
    expect(await say('leader1', '/听取 JS-01 2026-11', 'JS-01')).toEqual(['只有街道管理员、区统计局管理员可以使用 /听取。']);
    expect((await MonthlyReportModel.findOne({ grid: 'JS-01', period: '2026-11' }).lean())!.heardByName).toBe('景山主任');
  });

  it('shows the hearing and the problems in /月报情况, and the unheard in the reminder after the month', async () => {
    await sent('leader2', '/月报 本月无异常', 'JS-02');
    const status = (await say('streetJS', '/月报情况 2026-11', 'JS'))[0]!;
    expect(status).toContain('按时 2 · 逾期 0 · 未交 0 · 已听取 1');
    expect(status).toContain('【按时】JS-01 景山工业网格1 · 已听取（景山主任 11月21日） · 一格长 11月20日：本月走访企业5家（反映问题 1 个：Q-0001（待答复））');
    expect(status).toContain('【按时】JS-02 景山贸易网格2 · 未听取 · 二格长 11月21日：本月无异常（本月网格内未反映问题）');

    clock.set(atLocal('2026-12-01', '09:00'));
    await planKind(t.app.services, reportUnheard, ['JS']);
    const queue = t.app.queue(REMINDER_QUEUE);
    const before = t.sender.sent.length;
    await Promise.all((await queue.getDelayed()).filter((j) => j.name === reportUnheard.job).map((j) => j.promote()));
    await waitFor(() => t.sender.sent.length > before || undefined, 15_000, 'unheard reminder sent');
    const reminder = t.sender.sent.slice(before).find((m) => m.userId === phoneOf('streetJS'))!;
    expect(reminder.text).toBe('【月报待听取】11月以下 1 个网格的月度汇报尚未听取：\nJS-02 景山贸易网格2\n听取后请在汇报消息上按 [已听取]，或发送：/听取 网格编号 月份');
  });

  it('puts the hearing and the problems in the monthly reports export', async () => {
    const report = await hearingReport(2026, clock.now(), 'JS');
    // By 1 December: twelve months of two grids.
    expect(report.summary.total).toMatchObject({ expected: 24, onTime: 2, missing: 22, heard: 1, unheard: 1 });
    const sheet = await report.streets[0]!.sheet();
    const nov = sheet.rows.filter((r) => r.month === '11月');
    expect(nov).toEqual([
      expect.objectContaining({ code: 'JS-01', state: '按时', heard: '已听取（景山主任 11月21日）', problems: '反映问题 1 个：Q-0001（待答复）' }),
      expect.objectContaining({ code: 'JS-02', state: '按时', heard: '未听取', problems: '本月网格内未反映问题' }),
    ]);
    expect(sheet.rows.map((r) => r.code)).toEqual([...sheet.rows.map((r) => r.code)].sort());
  });
});
