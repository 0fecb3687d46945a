import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import exportTask from '../../src/admin/tasks/export.js';
import { findRun, resultsOf } from '../../src/assessment/runs.js';
import { ManualClock } from '../../src/core/clock.js';
import { atLocal } from '../../src/domain/chinaTime.js';
import { assessmentMidDecember } from '../../src/reminders/assessmentDue.js';
import { seedDemoDistrict, type DemoSummary } from '../../src/seed/demoDistrict.js';
import { MemberModel } from '../../src/store/models/member.js';
import { tickReminders } from '../support/reminderTick.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

/**
 * The demo district's year, assessed as the plan has it in December: seeded with a year of history,
 * reminded in mid-December, drafted, a tie decided by the street, a street below the 80% pass rate
 * confirmed by the bureau's second step with its reason, another confirmed, and the results exported
 * as sheets ready to file.
 */
const clock = new ManualClock(atLocal('2026-12-14', '10:00'));
let t: TestApp;
let seeded: DemoSummary;
const MAIN = { code: 'JS', name: '景山街道' };
const LOW = { code: 'LA', name: '丽岙街道' };

/** The phone of the demo person with this role in this grid (the first by phone), optionally of a unit. */
async function phoneIn(grid: string, role: string, unit?: string): Promise<string> {
  const people = await MemberModel.find({ 'memberships.grid': grid }, { phone: 1, unit: 1, memberships: 1 }).sort({ phone: 1 }).lean();
  return people.find((p) => p.memberships.some((m) => m.grid === grid && m.role === role) && (!unit || p.unit === unit))!.phone;
}
const say = async (text: string, as: string, chat: string) => (await t.say(text, { as, chat })).join('\n');

/** The draft's counts line: assessed, passed, and each star. */
function counts(reply: string) {
  const m = /参评 (\d+) 人，合格 (\d+) 人（([\d.]+)%）；★★★ (\d+) · ★★ (\d+) · ★ (\d+)/.exec(reply);
  expect(m, reply).not.toBeNull();
  const [assessed, passed, rate, three, two, one] = m!.slice(1).map(Number) as [number, number, number, number, number, number];
  return { assessed, passed, rate, three, two, one };
}

/** Decides each tie at a star boundary as the street would, the first named going up, until none is left. */
async function decideTies(admin: string, street: string, reply: string): Promise<string> {
  for (let tie; (tie = /⚖ 并列待街道决定：(.+?)（.*其中 (\d+) 人/.exec(reply)); ) {
    reply = await say(`/评星 调整 ${tie[1]!.split('、').slice(0, Number(tie[2])).join(' ')}`, admin, street);
    expect(reply).toContain('已按街道的决定评星');
  }
  return reply;
}

beforeAll(async () => {
  t = await startTestApp({ clock });
  seeded = await seedDemoDistrict(2022, clock.now());
}, 120_000);
afterAll(() => t.close());

describe('the demo year, assessed in December', () => {
  it('has a year of history: activities held with attendance, reports, returns and notices acknowledged', () => {
    const { history, members } = seeded;
    expect(history.activities).toBeGreaterThanOrEqual(4 * 60); // every level-3 grid met each quarter
    expect(history.checkIns).toBeGreaterThan(history.activities * 5);
    expect(history.filings).toBeGreaterThan(members * 8);
    expect(history.reports).toBeGreaterThan(history.activities * 2);
    expect(history.notices).toBe(6);
    expect(history.acks).toBeGreaterThan(members * 3);
  });

  it('reminds every street in mid-December that has not submitted to finish by the end of the month', async () => {
    clock.set(atLocal('2026-12-15', '09:00'));
    const sent = (await tickReminders(t, assessmentMidDecember)).map((m) => m.text);
    const reminded = sent.filter((s) => s.startsWith('【考核提醒】2026 年网格员年度考核须在 12 月底前完成并报区统计局。本街道目前：还没有试算'));
    expect(reminded.length).toBeGreaterThanOrEqual(14);
    expect(await tickReminders(t, assessmentMidDecember)).toEqual([]); // once
  });

  it("drafts a realistic street: most pass, stars about 10/30/60 among the passers, a tie decided by the street", async () => {
    clock.set(atLocal('2026-12-16', '10:00'));
    const admin = await phoneIn(MAIN.code, 'deputy');
    const draft = await say('/考核 试算', admin, MAIN.code);
    expect(draft).toContain(`${MAIN.name} 2026 年考核【草稿】`);
    const c = counts(draft);
    expect(c.assessed).toBeGreaterThan(30);
    expect(c.rate).toBeGreaterThanOrEqual(80);
    expect(c.passed).toBeLessThan(c.assessed); // a few do not pass
    expect(c.three + c.two + c.one).toBe(c.passed);
    expect(Math.abs(c.three - c.passed * 0.1)).toBeLessThanOrEqual(1);
    expect(Math.abs(c.two - c.passed * 0.3)).toBeLessThanOrEqual(1);
    expect(draft).toContain('⚖ 并列待街道决定');
    expect(await say('/考核 提交', admin, MAIN.code)).toContain('还有并列名次待街道决定');
    const decided = await decideTies(admin, MAIN.code, draft);
    expect(decided).not.toContain('⚖');
    expect(await say('/考核 提交', admin, MAIN.code)).toContain('已提交区统计局确认。');
  });

  it('confirms a street below the 80% pass rate only through the second step with the reason, which is kept', async () => {
    const admin = await phoneIn(LOW.code, 'deputy');
    const bureau = await phoneIn('OH', 'deputy', '区统计局');
    await say('/考核 试算', admin, LOW.code);
    // The street's review lowers the weakest passers: now below 80%.
    const passers = (await resultsOf((await findRun(2026, LOW.code))!)).filter((r) => r.passed).sort((a, b) => a.score - b.score);
    const { assessed, passed } = counts(await say('/考核', admin, LOW.code));
    const lowered = passers.slice(0, passed - Math.floor(assessed * 0.8) + 1);
    for (const p of lowered) expect(await say(`/考核 调整 ${p.name} 50 全年多次未按期报送，街道复核后调整`, admin, LOW.code)).toContain(`已调整${p.name}`);
    const status = await say('/考核', admin, LOW.code);
    expect(counts(status).rate).toBeLessThan(80);
    expect(status).toContain('低于 80%');
    await decideTies(admin, LOW.code, status);
    expect(await say('/考核 提交', admin, LOW.code)).toContain('已提交区统计局确认。');

    const warning = await say(`/考核确认 ${LOW.code}`, bureau, 'OH');
    expect(warning).toMatch(new RegExp(`^⚠ ${LOW.name} 2026 年合格率 [\\d.]+%，低于 80%。确需确认，请写明理由再发一次：/考核确认 ${LOW.code} 2026 确认 理由$`));
    expect((await findRun(2026, LOW.code))!.status).toBe('submitted');
    const confirmed = await say(`/考核确认 ${LOW.code} 2026 确认 街道复核从严，已逐人核实`, bureau, 'OH');
    expect(confirmed).toContain(`已确认${LOW.name} 2026 年考核结果`);
    expect(confirmed).toContain('区统计局确认理由：街道复核从严，已逐人核实');
    expect(await findRun(2026, LOW.code)).toMatchObject({ status: 'confirmed', confirmReason: '街道复核从严，已逐人核实' });
  });

  it("confirms the other street and exports sheets ready to file", async () => {
    const bureau = await phoneIn('OH', 'deputy', '区统计局');
    expect(await say(`/考核确认 ${MAIN.code}`, bureau, 'OH')).toContain(`已确认${MAIN.name} 2026 年考核结果`);
    const run = (await findRun(2026, MAIN.code))!;
    const rows = await resultsOf(run);

    const file = join(mkdtempSync(join(tmpdir(), 'assessment-year-')), 'assessment.xlsx');
    expect(await exportTask.run(['assessment', '--year', '2026', '--out', file], t.app, () => undefined)).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const sheet = wb.getWorksheet(MAIN.name)!;
    expect(sheet).toBeDefined();
    const header = (sheet.getRow(3).values as unknown[]).slice(1);
    expect(header).toContain('星级');
    const starCol = header.indexOf('星级') + 1;
    const body = Array.from({ length: rows.length }, (_, i) => sheet.getRow(4 + i));
    // ★ marks as the results have them, one row a person.
    const marks = body.map((r) => String(r.getCell(starCol).value ?? ''));
    for (const n of [3, 2, 1]) expect(marks.filter((m) => m === '★'.repeat(n)).length).toBe(rows.filter((r) => r.stars === n).length);
    // A leader's grids are their level-3 ones (the sheet is the street's), wrapped in the cell rather than cut off.
    const gridsCol = header.indexOf('所在网格') + 1;
    const leaderRow = body.find((r) => r.getCell(header.indexOf('身份') + 1).value === '网格长')!;
    expect(String(leaderRow.getCell(gridsCol).value)).toMatch(/^景山\S+网格\d+(、景山\S+网格\d+)*$/);
    expect(leaderRow.getCell(gridsCol).alignment).toMatchObject({ wrapText: true });
    // Boxed cells, A4 landscape one page wide, the header row repeated on every printed page.
    const thin = { style: 'thin' };
    for (const cell of [sheet.getRow(3).getCell(1), body[0]!.getCell(1), body.at(-1)!.getCell(header.length)]) {
      expect(cell.border).toMatchObject({ top: thin, left: thin, bottom: thin, right: thin });
    }
    for (const s of wb.worksheets) {
      expect(s.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' });
    }
    const signOff = sheet.getRows(4 + rows.length, 4)!.map((r) => String(r.getCell(1).value ?? '')).find((v) => v.startsWith('单位负责人'));
    expect(signOff).toBe('单位负责人：　　　　　　审核人：　　　　　　填表人：　　　　　　报出日期：2026年12月16日');
    // The summary: the low street with the bureau's reason for confirming it.
    const summary = wb.getWorksheet('汇总')!;
    const lowRow = summary.getRows(4, 14)!.find((r) => r.getCell(2).value === LOW.name)!;
    expect(lowRow.getCell(3).value).toBe('已确认');
  });
});
