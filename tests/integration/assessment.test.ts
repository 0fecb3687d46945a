import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import assessTask from '../../src/admin/tasks/assess.js';
import exportTask from '../../src/admin/tasks/export.js';
import settingsTask from '../../src/admin/tasks/assessmentSettings.js';
import { rebuildTallies } from '../../src/assessment/tallyRecount.js';
import { commitRevisions, findRun, resultsOf, resultsOfRevisions, type RunRecord } from '../../src/assessment/runs.js';
import { adjustResult, draftAssessments } from '../../src/assessment/workflow.js';
import { ManualClock } from '../../src/core/clock.js';
import { dispatch } from '../../src/core/dispatch.js';
import { atLocal } from '../../src/domain/chinaTime.js';
import { ActivityModel } from '../../src/store/models/activity.js';
import { AssessmentResultModel } from '../../src/store/models/assessmentResult.js';
import { AttendanceModel } from '../../src/store/models/attendance.js';
import { AuditLogModel } from '../../src/store/models/auditLog.js';
import { MemberModel } from '../../src/store/models/member.js';
import { MonthlyReportModel } from '../../src/store/models/monthlyReport.js';
import { NoticeModel } from '../../src/store/models/notice.js';
import { NoticeAckModel } from '../../src/store/models/noticeAck.js';
import { ReturnsFilingModel } from '../../src/store/models/returnsFiling.js';
import { phoneOf, seedSmallDistrict, type Handle } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

/**
 * A year of a small district's records, assessed end to end in December. Street JS assesses eight
 * people (the scores below are worked out by hand from the default weights), XQ two.
 */
const clock = new ManualClock(atLocal('2026-12-20', '10:00'));
let t: TestApp;
const ids = new Map<Handle, string>();
const id = (h: Handle) => ids.get(h)!;
const month = (m: number) => `2026-${String(m).padStart(2, '0')}`;
const day = (m: number, d: number, time = '10:00') => atLocal(`${month(m)}-${String(d).padStart(2, '0')}`, time);
const say = (text: string, as: Handle, chat = 'none', chatType: 'group' | 'p2p' = chat === 'none' ? 'p2p' : 'group') =>
  t.say(text, { as: phoneOf(as), chat, chatType }).then((r) => r.join('\n'));

async function seedYear(): Promise<void> {
  for (const m of await MemberModel.find({}, { phone: 1 }).lean()) {
    const handle = (['leader1', 'deputy1', 'member1', 'member1b', 'member1c', 'unlinked', 'leader2', 'member2', 'leaderXQ', 'memberXQ'] as Handle[]).find((h) => phoneOf(h) === m.phone);
    if (handle) ids.set(handle, m._id.toString());
  }
  // Held activities (check-in over), one street training in JS's own grid, and one still to come.
  const activities: Array<[number, string, number, number]> = [
    [1, 'JS-01', 3, 12], [2, 'JS-01', 6, 10], [3, 'JS-01', 9, 15], [4, 'JS-01', 11, 12], [5, 'JS-01', 12, 28],
    [6, 'JS-02', 4, 8], [7, 'JS-02', 10, 14], [8, 'JS', 5, 20],
  ];
  await ActivityModel.insertMany(activities.map(([number, grid, m, d]) => ({
    number, grid, street: grid.slice(0, 2), type: grid === 'JS' ? 'training' : 'meeting', title: `活动${number}`,
    startsAt: day(m, d, '14:00'), checkInOpensAt: day(m, d, '13:30'), checkInClosesAt: day(m, d, '14:30'),
    place: '统计之家', platform: 'console', chatId: grid, createdBy: 'seed', eventKey: `seed:activity:${number}`,
  })));
  const present: Array<[Handle, number[]]> = [
    ['leader1', [1, 2, 3, 4, 8]], ['deputy1', [1, 2, 3]], ['member1', [1, 2, 3, 4]], ['member1b', [1, 2]], ['unlinked', [1]],
    ['leader2', [6, 7]], ['member2', [6]],
  ];
  const gridOf = new Map(activities.map(([n, g, m, d]) => [n, { grid: g, at: day(m, d, '13:50') }]));
  await AttendanceModel.insertMany([
    ...present.flatMap(([h, numbers]) => numbers.map((n) => ({ activity: n, grid: gridOf.get(n)!.grid, member: id(h), memberName: h, status: 'present', at: gridOf.get(n)!.at }))),
    { activity: 3, grid: 'JS-01', member: id('member1b'), memberName: 'member1b', status: 'leave', at: day(9, 14), reason: '出差' },
  ]);
  // Returns: filed on the 5th is on time (window 1–10), on the 15th late.
  const filings: Array<[Handle, string, number[], number]> = [
    ['deputy1', 'JS-01', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 5], ['member1', 'JS-01', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 5],
    ['member1b', 'JS-01', [1, 2, 3, 4, 5, 6], 5], ['member1b', 'JS-01', [7, 8, 9, 10, 11, 12], 15], ['member1c', 'JS-01', [1, 2, 3], 5],
    ['member2', 'JS-02', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 5],
  ];
  await ReturnsFilingModel.insertMany(filings.flatMap(([h, grid, months, d]) =>
    months.map((m) => ({ period: month(m), member: id(h), grid, street: grid.slice(0, 2), filedAt: day(m, d) }))));
  // Monthly reports (due the 25th): JS-01 on time all year; JS-02 on time to May, then on the 2nd of the next month.
  await MonthlyReportModel.insertMany([
    ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((m) => ({ grid: 'JS-01', street: 'JS', period: month(m), text: '汇报', submittedAt: day(m, 20), submittedBy: id('leader1') })),
    ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((m) => ({ grid: 'JS-02', street: 'JS', period: month(m), text: '汇报', submittedAt: m <= 5 ? day(m, 20) : day(m + 1, 2), submittedBy: id('leader2') })),
  ]);
  // Notices: three to everyone, one to XQ only, one from last year.
  const notices: Array<[string, string[], Date]> = [
    ['N-0001', [], day(2, 10)], ['N-0002', [], day(5, 10)], ['N-0003', [], day(8, 10)], ['N-0004', ['XQ'], day(11, 10)], ['N-0000', [], atLocal('2025-12-01', '10:00')],
  ];
  await NoticeModel.insertMany(notices.map(([code, streets, createdAt]) => ({ code, eventKey: `seed:${code}`, text: '通知', streets, levels: [], industries: [], createdAt, createdBy: 'seed' })));
  const acks: Array<[Handle, string[]]> = [
    ['leader1', ['N-0001', 'N-0002', 'N-0003']], ['deputy1', ['N-0001', 'N-0002', 'N-0003', 'N-0000']], ['member1', ['N-0001', 'N-0002']],
    ['member1b', ['N-0001', 'N-0003']], ['leader2', ['N-0001', 'N-0002', 'N-0003']], ['member2', ['N-0002', 'N-0004']],
  ];
  await NoticeAckModel.insertMany(acks.flatMap(([h, codes]) => codes.map((notice) => ({ notice, member: id(h), at: day(12, 1) }))));
  // Records loaded around the bot: the grid tallies the assessment reads are rebuilt from them, as an admin would.
  await rebuildTallies(2026);
}

/** Every result row stored for a street, in any revision (stale ones are deleted, so only those in force). */
const storedRows = async (street: string) => (await resultsOfRevisions(2026, await AssessmentResultModel.distinct('revision', { year: 2026, street }))).length;

const scores = async () =>
  Object.fromEntries((await resultsOf((await findRun(2026, 'JS'))!)).map((r) => [r.name, { score: r.score, stars: r.stars, passed: r.passed }]));

beforeAll(async () => {
  t = await startTestApp({ clock });
  await seedSmallDistrict();
  await seedYear();
});
afterAll(() => t.close());

describe('the annual assessment, end to end', () => {
  it("drafts a street's results from the year's records, with a pass-rate warning", async () => {
    const reply = await say('/考核 试算', 'streetJS', 'JS');
    expect(reply).toContain('景山街道 2026 年考核【草稿】');
    expect(reply).toContain('参评 8 人，合格 5 人（62.5%）；★★★ 1 · ★★ 1 · ★ 3；奖励 6,500 元');
    expect(reply).toContain('⚠ 合格率 62.5% 低于 80%');
    expect(reply).toContain('不合格：未登记 10、一组员丙 10、一组员乙 53.3');
    expect(await scores()).toEqual({
      一格长: { score: 100, stars: 3, passed: true }, // leader: attendance 5/5 (with the street training), reports 11/11
      一组员: { score: 93.3, stars: 2, passed: true }, // notices 2/3
      一副长: { score: 90, stars: 1, passed: true }, // attendance 3/4
      二格长: { score: 78.2, stars: 1, passed: true }, // reports 5/11 on time
      二组员: { score: 66.7, stars: 1, passed: true }, // attendance 1/2, notices 1/3 (N-0004 was not for JS)
      一组员乙: { score: 53.3, stars: 0, passed: false }, // 2/4, returns 6/12 on time, notices 2/3
      一组员丙: { score: 10, stars: 0, passed: false },
      未登记: { score: 10, stars: 0, passed: false },
    });
  });

  it('answers every bad adjustment clearly and writes nothing', async () => {
    const before = (await findRun(2026, 'JS'))!.revision;
    expect(await say('/考核 调整 一组员丙 85', 'streetJS', 'JS')).toContain('调整考核结果必须写明理由');
    expect(await say('/考核 调整 一组员丙 120 借调', 'streetJS', 'JS')).toContain('分数「120」不对');
    expect(await say('/考核 调整 新组员 90 表现突出', 'streetJS', 'JS')).toBe('新组员是新桥街道的网格员，不在景山街道的考核名单中，不能由本街道调整。');
    expect(await say('/考核 调整 无此人 90 表现突出', 'streetJS', 'JS')).toBe('通讯录里没有「无此人」。');
    expect(await say('/考核 评分', 'streetJS', 'JS')).toContain('用法：/考核 试算');
    expect(await say('/考核 试算 2030', 'streetJS', 'JS')).toContain('「2030」不是有效的年份');
    expect(await say('/考核 试算', 'streetXQ', 'JS')).toBe('只有街道管理员、区统计局管理员可以使用 /考核。');
    expect((await findRun(2026, 'JS'))!.revision).toBe(before);
  });

  it('adjusts with a reason (audited), allots the stars again, and lifts the warning', async () => {
    const reply = await say('/考核 调整 一组员丙 85 上半年借调区统计局，考勤在区里', 'streetJS', 'JS');
    expect(reply).toContain('已调整一组员丙的 2026 年考核得分：10 → 85。');
    expect(reply).toContain('街道调整：10 → 85，理由：上半年借调区统计局，考勤在区里');
    expect(await say(`/考核 调整 ${phoneOf('unlinked')} 70 未登记账号，线下签到表可查`, 'streetJS', 'JS')).toContain('参评 8 人，合格 7 人（87.5%）；★★★ 1 · ★★ 2 · ★ 4；奖励 9,000 元');
    expect(await scores()).toMatchObject({ 一格长: { stars: 3 }, 一组员: { stars: 2 }, 一副长: { stars: 2 }, 一组员丙: { score: 85, stars: 1 }, 未登记: { score: 70 } });
    const audit = (await AuditLogModel.find({ command: 'assess' }).lean()).map((a) => a.detail);
    expect(audit).toEqual(expect.arrayContaining([
      expect.stringMatching(/^adjusted 2026 JS 一组员丙 \(\w+\): 10 -> 85; reason: 上半年借调区统计局，考勤在区里$/),
      expect.stringMatching(/^adjusted 2026 JS 未登记 \(\w+\): 10 -> 70; reason: 未登记账号，线下签到表可查$/),
    ]));
  });

  it('applies a command re-run after a crash once', async () => {
    const msg = t.message('/考核 调整 一组员乙 55 复核后补录一次请假', { as: phoneOf('streetJS'), chat: 'JS' });
    await dispatch(msg, t.app.router, t.app.services);
    const once = (await findRun(2026, 'JS'))!;
    const again = await dispatch(msg, t.app.router, t.app.services);
    expect((await findRun(2026, 'JS'))!.revision).toBe(once.revision);
    expect(again[0]!.text).toContain('调整 3 人');
    expect(await storedRows('JS')).toBe(8);
  });

  it('shows members nothing until the bureau confirms', async () => {
    expect(await say('/考核结果', 'member1')).toBe('一组员 2026 年的考核结果尚未经区统计局确认，确认后可查看。');
    expect(await say('/考核确认 JS', 'bureau', 'OH')).toBe('景山街道还没有提交 2026 年的考核结果（目前是草稿）。');
  });

  it('submits to the bureau, which confirms; then the results are frozen for every command and task', async () => {
    expect(await say('/考核 提交', 'streetJS', 'JS')).toContain('已提交区统计局确认。');
    expect(t.sender.sent.some((m) => m.chatId === 'OH' && m.text.includes('【考核待确认】景山街道已提交 2026 年考核结果'))).toBe(true);
    expect(await say('/考核确认', 'bureau', 'OH')).toContain('2026 年待确认的街道：JS 景山街道');
    expect(await say('/考核确认 ZZ', 'bureau', 'OH')).toContain('没有找到街道「ZZ」');
    expect(await say('/考核确认 新桥', 'bureau', 'OH')).toBe('新桥街道还没有 2026 年的考核结果。');
    expect(await say('/考核确认 JS', 'streetJS', 'JS')).toBe('只有区统计局管理员可以使用 /考核确认。');
    const submitted = (await findRun(2026, 'JS'))!;
    expect(await say('/考核确认 景山', 'bureau', 'OH')).toContain('已确认景山街道 2026 年考核结果，结果已锁定');
    const confirmed = (await findRun(2026, 'JS'))!;
    expect(confirmed.status).toBe('confirmed');
    const frozen = await scores();

    const locked = '景山街道 2026 年的考核结果已经区统计局确认，不能再修改。';
    expect(await say('/考核 试算', 'streetJS', 'JS')).toBe(locked);
    expect(await say('/考核 调整 一组员乙 70 再次复核', 'streetJS', 'JS')).toBe(locked);
    expect(await say('/考核 提交', 'streetJS', 'JS')).toBe(locked);
    expect(await say('/考核确认 JS', 'bureau', 'OH')).toBe(locked);

    // The admin task drafts XQ and refuses JS.
    const out: string[] = [];
    expect(await assessTask.run(['--year', '2026'], t.app, (l) => out.push(l))).toBe(1);
    expect(out).toContain(`景山街道：${locked}`);
    expect(out.join('\n')).toContain('新桥街道 2026 年考核【草稿】');
    // The store itself refuses, even for a caller that read the run before it was confirmed.
    const by = { id: 'x', name: 'x' };
    await expect(adjustResult({ run: confirmed, street: { code: 'JS', name: '景山街道' }, member: id('member1b'), score: 99, reason: '试图修改', by, at: clock.now(), eventKey: 'k1' })).rejects.toThrow(/confirmed/);
    const { outcomes } = await draftAssessments({ year: 2026, streets: ['JS'], now: clock.now(), by, eventKey: 'k2' });
    expect(outcomes).toMatchObject([{ street: 'JS', ok: false }]);
    const rows = (await resultsOf(confirmed)).map(({ _id, revision, ...row }) => ({ ...row, score: 100 }));
    const { asOf, rules, summary, adjusted, computedAt } = submitted;
    const stale = await commitRevisions([{ year: 2026, street: { code: 'JS', name: '景山街道' }, previous: submitted as RunRecord, rows, run: { asOf, rules, summary, adjusted, computedAt } }], 'k3');
    expect(stale).toMatchObject([{ ok: false }]);
    expect((await findRun(2026, 'JS'))!).toMatchObject({ status: 'confirmed', revision: confirmed.revision });
    expect(await scores()).toEqual(frozen);
    expect(await storedRows('JS')).toBe(8);
  });

  it('lets members see only their own result, leaders their grid, street admins their street', async () => {
    expect(await say('/考核结果', 'member1')).toBe('2026 年 一组员（景山工业网格1）得分 93.3：合格，★★ 2 星，奖励 1,500 元\n（出勤 4/4，报表按时 12/12，通知确认 2/3）');
    expect(await say('/考核结果 一组员乙', 'member1')).toBe('您只能查看自己的考核结果（网格长可在本网格群查看本网格的）。');
    expect(await say(`/考核结果 ${phoneOf('leader2')}`, 'member1', 'JS-01')).toBe('您只能查看自己的考核结果（网格长可在本网格群查看本网格的）。');
    const grid = await say('/考核结果', 'leader1', 'JS-01');
    expect(grid.split('\n').slice(0, 3)).toEqual(['景山工业网格1 2026 年考核结果：合格 5/6', '一格长 100 ★★★', '一组员 93.3 ★★']);
    expect(grid).not.toContain('二组员');
    expect(await say('/考核结果 一组员乙', 'leader1', 'JS-01')).toContain('一组员乙（景山工业网格1）得分 55：不合格');
    expect(await say('/考核结果 二组员', 'leader1', 'JS-01')).toBe('您只能查看自己的考核结果（网格长可在本网格群查看本网格的）。');
    expect(await say('/考核结果 一组员', 'streetXQ')).toBe('一组员不是您街道的网格员，不能查看其考核结果。');
    expect(await say('/考核结果 二组员', 'streetJS')).toContain('二组员（景山贸易网格2）得分 66.7');
    expect(await say('/result', 'member1')).toContain('scored 93.3: passed, ★★ 2 star(s), reward 1,500 yuan');
  });

  it('gives the bureau the star totals, pointing to /导出 for the file', async () => {
    const reply = await say('/评星', 'bureau', 'OH');
    expect(reply).toContain('景山街道【已确认】参评 8 人，合格 7 人（87.5%）；★★★ 1 · ★★ 2 · ★ 4；奖励 9,000 元');
    expect(reply).toContain('新桥街道【草稿】参评 2 人，合格 0 人（0%）');
    expect(reply).toContain('已确认 1/2 个街道，已确认的奖励合计 9,000 元');
    expect(reply).toContain('完整表格（Excel）：发送 /导出 考核 2026');
    expect(await say('/评星', 'streetJS', 'JS')).toBe('查看各街道评星限区统计局管理员；街道决定并列名次用：/评星 调整 姓名…');
    expect(await say('/评星', 'member1', 'JS-01')).toBe('只有街道管理员、区统计局管理员可以使用 /评星。');
    const table = (await say('/导出 考核', 'bureau', 'OH')).split('\n');
    expect(table.slice(0, 4)).toEqual([
      '瓯海区2026年度统计网格员考核结果汇总表',
      '景山街道：状态 已确认，参评人数 8，合格人数 7，合格率 87.5%，三星 1，二星 2，一星 4，奖励合计（元） 9,000',
      '新桥街道：状态 草稿，参评人数 2，合格人数 0，合格率 0%，三星 0，二星 0，一星 0，奖励合计（元） 0，备注 合格率低于80%',
      '合计：参评人数 10，合格人数 7，合格率 70%，三星 1，二星 2，一星 4，奖励合计（元） 9,000，备注 合格率低于80%',
    ]);
    expect(table[4]).toBe('考核结果-2026.xlsx'); // the file message that follows
    expect(await say('/导出 工资', 'bureau', 'OH')).toBe('没有「工资」这张表。可导出：考核、经费、考勤、月报。');
  });

  it('lists every result in pages, by grid then name', async () => {
    const list = (await say('/考核 名单', 'streetJS', 'JS')).split('\n');
    expect(list[0]).toBe('景山街道 2026 年考核名单（第 1/1 页，共 8 人；✗ 不合格，* 街道调整）：');
    expect(list.slice(1).map((l) => l.split(' ')[0])).toEqual([...Array(6).fill('JS-01'), 'JS-02', 'JS-02']);
    expect(list).toEqual(expect.arrayContaining(['JS-01 一副长 90 ★★', 'JS-01 一格长 100 ★★★', 'JS-02 二组员 66.7 ★']));
    expect(list).toContain('JS-01 一组员乙 55 ✗ *');
    expect(await say('/考核 名单 9', 'streetJS', 'JS')).toContain('（第 1/1 页');
    expect(await say('/考核 名单 第二页', 'streetJS', 'JS')).toContain('用法：/考核 试算');
  });

  it('in January means the year before until the bureau has confirmed every street of it', async () => {
    const december = clock.now();
    clock.set(atLocal('2027-01-08', '10:00'));
    expect(await say('/考核', 'streetJS', 'JS')).toContain('景山街道 2026 年考核【已确认】');
    expect(await say('/考核确认', 'bureau', 'OH')).toBe('2026 年暂无待确认的街道考核结果。');
    expect(await say('/评星', 'bureau', 'OH')).toContain('2026 年考核评星（各街道）');
    expect(await say('/考核 2027', 'streetJS', 'JS')).toContain('还没有试算 2027 年的考核');
    clock.set(december);
  });

  it('exports the assessment as XLSX laid out by street, with the numbers of the results', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'assessment-export-')), 'assessment.xlsx');
    const out: string[] = [];
    expect(await exportTask.run(['assessment', '--year', '2026', '--out', file], t.app, (l) => out.push(l))).toBe(0);
    expect(out.at(-1)).toBe(`written: ${file}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '景山街道', '新桥街道']);
    const values = (sheet: string, row: number) => (wb.getWorksheet(sheet)!.getRow(row).values as unknown[]).slice(1);
    expect(values('汇总', 1)[0]).toBe('瓯海区2026年度统计网格员考核结果汇总表');
    expect(values('汇总', 3)).toEqual(['序号', '街道（镇、开发区）', '状态', '参评人数', '合格人数', '合格率', '三星', '二星', '一星', '奖励合计（元）', '备注']);
    expect(values('汇总', 4)).toEqual([1, '景山街道', '已确认', 8, 7, 0.875, 1, 2, 4, 9000]);
    expect(values('汇总', 5)).toEqual([2, '新桥街道', '草稿', 2, 0, 0, 0, 0, 0, 0, '合格率低于80%']);
    expect(values('汇总', 6)).toEqual([undefined, '合计', undefined, 10, 7, 0.7, 1, 2, 4, 9000, '合格率低于80%']);

    const js = wb.getWorksheet('景山街道')!;
    const rows = Array.from({ length: 8 }, (_, i) => (js.getRow(4 + i).values as unknown[]).slice(1));
    // By grid, then by name; deputies as such; stars as ★.
    expect(rows.map((r) => r[1])).toEqual(['未登记', '一副长', '一格长', '一组员', '一组员丙', '一组员乙', '二格长', '二组员']);
    expect(rows.map((r) => r[4])).toEqual(['网格员', '副网格长', '网格长', '网格员', '网格员', '网格员', '网格长', '网格员']);
    expect(rows.map((r) => r[13] ?? '')).toEqual(['★', '★★', '★★★', '★★', '★', '', '★', '★']);
    const c = rows.find((r) => r[1] === '一组员丙')!;
    expect(c.slice(4, 15)).toEqual(['网格员', '0/4', '3/12', '0/3', '—', 10, 85, '上半年借调区统计局，考勤在区里', '合格', '★', 1000]);
    expect(rows.reduce((n, r) => n + (r[14] as number), 0)).toBe(9000);
    // Ready to file: boxed cells, A4 landscape one page wide with the header on every page, sign-off lines.
    const thin = { style: 'thin' };
    for (const [row, col] of [[3, 1], [4, 1], [11, 15], [12, 8]] as const) {
      expect(js.getRow(row).getCell(col).border).toMatchObject({ top: thin, left: thin, bottom: thin, right: thin });
    }
    for (const sheet of wb.worksheets) {
      expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' });
    }
    expect(js.getRow(14).getCell(1).value).toBe('单位负责人：　　　　　　审核人：　　　　　　填表人：　　　　　　报出日期：2026年12月20日');
    expect(String(wb.getWorksheet('汇总')!.getRow(8).getCell(1).value)).toContain('报出日期：2026年12月20日');
    expect((js.getRow(12).values as unknown[]).slice(1)).toEqual([undefined, '合计', ...Array(10).fill(undefined), '7/8', undefined, 9000]);
  });
});

describe('grid budgets', () => {
  it('marks an excellent grid, and its leader sees 20% more funds the year after', async () => {
    expect(await say('/优秀网格 JS-01 2025', 'bureau', 'OH')).toBe('已评定景山工业网格1为 2025 年优秀网格；2026 年活动经费上浮 20%：10,000 → 12,000 元。');
    expect(await say('/优秀网格 JS-01 2025', 'bureau', 'OH')).toBe('景山工业网格1已是 2025 年的优秀网格。');
    expect(await say('/优秀网格 JS-01 2025 取消', 'bureau', 'OH')).toBe('已取消景山工业网格1的 2025 年优秀网格评定；2026 年活动经费为 10,000 元。');
    expect(await say('/优秀网格 JS-01 2025', 'bureau', 'OH')).toContain('已评定景山工业网格1为 2025 年优秀网格');
    expect(await say('/优秀网格 JS 2025', 'bureau', 'OH')).toBe('景山街道统计网格不是三级网格；优秀网格在三级网格中评定。');
    expect(await say('/优秀网格 JS-09', 'bureau', 'OH')).toBe('没有编号为 JS-09 的网格。');
    expect(await say('/优秀网格 JS-01 2025 x', 'bureau', 'OH')).toContain('用法：/优秀网格');
    expect(await say('/经费', 'leader1', 'JS-01')).toBe('景山工业网格1（JS-01）2026 年活动经费：12,000 元\n（网格成员 6 人 × 500 元，保底 10,000 元，为 10,000 元；2025 年优秀网格，上浮 20%）');
    expect(await say('/经费', 'member1', 'JS-01')).toBe('只有网格长、街道管理员、区统计局管理员可以使用 /经费。');
    expect(await say('/经费', 'streetJS', 'JS')).toContain('景山街道 2026 年活动经费：2 个网格，8 人，合计 22,000 元（其中优秀网格 1 个）');
    expect(await say('/经费 2027', 'leader1', 'JS-01')).toContain('2027 年活动经费：10,000 元');
  });

  it('exports the district budget as CSV with every street’s grids', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'budget-export-')), 'budget.csv');
    expect(await exportTask.run(['budget', '--year', '2026', '--format', 'csv', '--out', file], t.app, () => undefined)).toBe(0);
    const [header, ...rows] = parse(readFileSync(file, 'utf8').replace(/^\ufeff/, '')) as string[][];
    expect(header).toEqual(['街道', '序号', '网格编号', '网格名称', '行业', '网格成员（人）', '基础经费（元）', '上年优秀', '优秀上浮（元）', '经费合计（元）']);
    expect(rows).toEqual([
      ['景山街道', '1', 'JS-01', '景山工业网格1', '工业', '6', '10000', '是', '2000', '12000'],
      ['景山街道', '2', 'JS-02', '景山贸易网格2', '贸易', '2', '10000', '', '0', '10000'],
      ['新桥街道', '1', 'XQ-01', '新桥工业网格1', '工业', '2', '10000', '', '0', '10000'],
    ]);
  });

  it('exports attendance by activity, and refuses an unknown street', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'attendance-export-')), 'attendance.xlsx');
    const out: string[] = [];
    expect(await exportTask.run(['attendance', '--year', '2026', '--street', 'JS', '--out', file], t.app, (l) => out.push(l))).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    // Seven activities held (the one on 12-28 is still to come); expected = the grid's directory.
    expect((wb.getWorksheet('汇总')!.getRow(4).values as unknown[]).slice(1)).toEqual([1, '景山街道', 7, 30, 18, 1, 11, 0.6]);
    expect(await exportTask.run(['attendance', '--year', '2026', '--street', 'ZZ'], t.app, (l) => out.push(l))).toBe(1);
    expect(out.at(-1)).toContain('没有找到街道「ZZ」');
  });
});

describe('district settings', () => {
  it('changes the pass score and budget numbers for the district, and refuses weights adding up to nothing', async () => {
    const out: string[] = [];
    expect(await settingsTask.run(['--member', '0,0,0,0'], t.app, (l) => out.push(l))).toBe(1);
    expect(out.at(-1)).toContain('不能保存');
    expect(await settingsTask.run(['--pass', '45', '--budget', '8000,1000,0.5'], t.app, (l) => out.push(l))).toBe(0);
    expect(out).toContain('合格分：45；合格率不低于 80%');
    expect(await assessTask.run(['--year', '2026', '--street', 'XQ'], t.app, (l) => out.push(l))).toBe(0);
    const xq = Object.fromEntries((await resultsOf((await findRun(2026, 'XQ'))!)).map((r) => [r.name, [r.score, r.passed]]));
    // The leader: attendance and returns met (none expected), notices 0/4, reports 0/11 → 50; the member 40.
    expect(xq).toEqual({ 新格长: [50, true], 新组员: [40, false] });
    expect(await say('/经费', 'leaderXQ', 'XQ-01')).toContain('2026 年活动经费：8,000 元');
  });
});

describe('a confirmation racing a new draft', () => {
  it('lets one of them through: a confirmed run keeps the revision it was confirmed at', async () => {
    expect(await say('/考核 试算', 'streetXQ', 'XQ')).toContain('新桥街道 2026 年考核【草稿】');
    expect(await say('/考核 提交', 'streetXQ', 'XQ')).toContain('已提交区统计局确认。');
    const submitted = (await findRun(2026, 'XQ'))!;
    // Below the pass rate (1 of 2): a second step with the reason.
    expect(await say('/考核确认 XQ', 'bureau', 'OH')).toBe('⚠ 新桥街道 2026 年合格率 50%，低于 80%。确需确认，请写明理由再发一次：/考核确认 XQ 2026 确认 理由');
    for (const bad of ['/考核确认 XQ 确认', '/考核确认 XQ 2026 同意 人少', '/考核确认 2026 XQ']) expect(await say(bad, 'bureau', 'OH')).toContain('用法：/考核确认');
    expect((await findRun(2026, 'XQ'))!).toMatchObject({ status: 'submitted', revision: submitted.revision });
    const [confirm, redraft] = await Promise.all([say('/考核确认 XQ 2026 确认 两人网格，组员长期病假', 'bureau', 'OH'), say('/考核 试算', 'streetXQ', 'XQ')]);
    const run = (await findRun(2026, 'XQ'))!;
    if (run.status === 'confirmed') {
      expect(confirm).toContain('已确认新桥街道 2026 年考核结果');
      expect(confirm).toContain('区统计局确认理由：两人网格，组员长期病假');
      expect(run).toMatchObject({ revision: submitted.revision, confirmReason: '两人网格，组员长期病假' });
      expect(redraft).toBe('新桥街道 2026 年的考核结果已经区统计局确认，不能再修改。');
    } else {
      expect(run.status).toBe('draft');
      expect(redraft).toContain('新桥街道 2026 年考核【草稿】');
      expect(confirm).not.toContain('已确认');
    }
  });
});
