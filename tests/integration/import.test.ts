import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import gridsTask from '../../src/admin/tasks/grids.js';
import importTask from '../../src/admin/tasks/import.js';
import { DEFAULT_PARTITION_RULES } from '../../src/domain/gridPartition.js';
import { applyImport } from '../../src/import/applyImport.js';
import { planImport } from '../../src/import/planImport.js';
import { readSheet } from '../../src/import/readSheet.js';
import { GridRosterModel } from '../../src/store/models/gridRoster.js';
import { rebuildRosters } from '../../src/store/rosters.js';
import { withCheckCharacter } from '../../src/domain/creditCode.js';
import { CROSS_INDUSTRY } from '../../src/domain/gridPartition.js';
import { GridModel } from '../../src/store/models/grid.js';
import { MemberModel } from '../../src/store/models/member.js';
import { SurveyObjectModel } from '../../src/store/models/surveyObject.js';
import { numberedName } from '../../src/seed/names.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

let t: TestApp;
const dir = mkdtempSync(join(tmpdir(), 'statgrid-import-'));
const HEADER = ['街道/镇', '单位名称', '统一社会信用代码', '行业', '统计员姓名', '手机号', '角色 (网格长/副网格长/网格员)'];

const code = (n: number) => withCheckCharacter(`91330304${String(n).padStart(9, '0')}`);
const phone = (n: number) => `137${String(n).padStart(8, '0')}`;
type Row = string[];
const row = (n: number, street: string, industry: string, role = '网格员'): Row =>
  [street, `温州测试${n}有限公司`, code(n), industry, numberedName('统计员', n), phone(n), role];

/** 景山: 25 industry, 8 trade, 2 real estate, 1 construction; 新桥: 6 services. Rows 1–2 lead and deputise. */
function bureauRows(): Row[] {
  const rows: Row[] = [];
  let n = 0;
  const add = (count: number, street: string, industry: string) => {
    for (let i = 0; i < count; i++) rows.push(row(++n, street, industry));
  };
  add(25, '景山街道', '工业');
  add(8, '景山', '贸易');
  add(2, '景山街道', '房地产');
  add(1, 'JS', '建筑业');
  add(6, '新桥街道', '服务业');
  rows[0]![6] = '网格长';
  rows[1]![6] = '副网格长';
  return rows;
}

const csv = (name: string, rows: Row[], header = HEADER) => {
  const path = join(dir, name);
  writeFileSync(path, stringify([header, ...rows]));
  return path;
};

/** Runs `npm run admin -- import …` against the test app; returns the exit code and what it printed. */
async function runImport(...args: string[]): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const code = await importTask.run(args, t.app, (line) => out.push(line));
  return { code, out };
}

async function snapshot() {
  const [grids, objects, members] = await Promise.all([
    GridModel.find().sort({ code: 1 }).lean(),
    SurveyObjectModel.find().sort({ creditCode: 1 }).lean(),
    MemberModel.find().sort({ phone: 1 }).lean(),
  ]);
  return JSON.stringify({ grids, objects, members });
}

const gridOf = async (n: number) => (await SurveyObjectModel.findOne({ creditCode: code(n) }).lean())!.grid;
const rolesOf = async (n: number) => (await MemberModel.findOne({ phone: phone(n) }).lean())!.memberships.map((m) => `${m.grid}:${m.role}`);

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('importing a bureau’s CSV sheet', () => {
  it('refuses a file with bad rows, listing each by row number and reason, and writes nothing', async () => {
    const rows = bureauRows();
    rows[2]![0] = '火星街道';
    rows[3]![2] = '913303040000000049';
    rows[5]![2] = rows[4]![2]!;
    rows[6]![3] = '农业';
    rows[7]![5] = '1380000';
    rows[8]![6] = '组长';
    rows[9]![4] = '';
    const before = await snapshot();
    const { code: exit, out } = await runImport(csv('bad.csv', rows));
    expect(exit).toBe(1);
    expect(out).toEqual([
      `${join(dir, 'bad.csv')}：7 行有错误，整个文件未导入。`,
      '第 4 行：没有「火星街道」这个街道/镇',
      '第 5 行：统一社会信用代码「913303040000000049」无效（应为 18 位且校验位正确）',
      '第 7 行：统一社会信用代码与第 6 行重复',
      '第 8 行：行业「农业」不在 工业、贸易、服务业、建筑业、房地产、村居 之中，也不是对照表中的国民经济行业门类',
      '第 9 行：手机号「1380000」不是有效的手机号',
      '第 10 行：角色「组长」应为网格长、副网格长或网格员',
      '第 11 行：有手机号或角色但统计员姓名为空',
    ]);
    expect(await snapshot()).toBe(before);
  });

  it('refuses names and units a spreadsheet would run as formulas, by row and reason', async () => {
    const rows = bureauRows();
    rows[2]![4] = '=1+2';
    rows[3]![1] = '=HYPERLINK("http://example.com/x","点我")';
    rows[4]![4] = '@SUM(A1)';
    rows[5]![1] = '+86 有限公司';
    rows[6]![4] = '李四2';
    const before = await snapshot();
    const { code: exit, out } = await runImport(csv('formulas.csv', rows));
    expect(exit).toBe(1);
    expect(out).toEqual([
      `${join(dir, 'formulas.csv')}：5 行有错误，整个文件未导入。`,
      '第 4 行：统计员姓名「=1+2」只能由文字、· 和空格组成',
      '第 5 行：单位名称不能以 = + - @ 开头（表格软件会当作公式）',
      '第 6 行：统计员姓名「@SUM(A1)」只能由文字、· 和空格组成',
      '第 7 行：单位名称不能以 = + - @ 开头（表格软件会当作公式）',
      '第 8 行：统计员姓名「李四2」只能由文字、· 和空格组成',
    ]);
    expect(await snapshot()).toBe(before);
  });

  it('refuses two leaders for one drawn grid, and a sheet without the needed columns', async () => {
    const rows = bureauRows();
    rows[2]![6] = '网格长';
    const before = await snapshot();
    const twoLeaders = await runImport(csv('two-leaders.csv', rows));
    expect(twoLeaders.code).toBe(1);
    expect(twoLeaders.out[1]).toBe('第 4 行：与第 2 行都是网格 JS-01 的网格长（一个网格只有一位网格长）');
    const noPhone = await runImport(csv('no-phone.csv', bureauRows().map((r) => r.slice(0, 5)), HEADER.slice(0, 5)));
    expect(noPhone).toEqual({ code: 1, out: ['表头缺少这些列：手机号。'] });
    expect(await snapshot()).toBe(before);
  });

  it('prints what a dry run would change and writes nothing', async () => {
    const before = await snapshot();
    const { code: exit, out } = await runImport(csv('bureau.csv', bureauRows()), '--dry-run');
    expect(exit).toBe(0);
    expect(out[0]).toBe(`${join(dir, 'bureau.csv')}：42 行。调查对象 新增 42、变更 0、不变 0；成员 新增 42、变更 0、不变 0；新网格 4 个。`);
    expect(out).toContain('  新网格 JS-01 景山工业网格1');
    expect(out).toContain(`  新增 温州测试1有限公司（${code(1)}）→ JS-01`);
    expect(out).toContain('  新成员 统计员一 137****0001：JS-01 网格长');
    expect(out.at(-1)).toBe('试运行：以上变化未写入。');
    expect(await snapshot()).toBe(before);
  });

  it('imports it: the tree, grids drawn by the rule, objects and statisticians with their roles', async () => {
    const { code: exit, out } = await runImport(csv('bureau.csv', bureauRows()));
    expect(exit).toBe(0);
    expect(out.at(-1)).toMatch(/^已导入，用时 [\d.]+ 秒。$/);
    const grids = await GridModel.find({}, { _id: 0, code: 1, level: 1, industry: 1, name: 1 }).sort({ code: 1 }).lean();
    expect(grids).toEqual([
      { code: 'JS', name: '景山街道统计网格', level: 2 },
      { code: 'JS-01', name: '景山工业网格1', level: 3, industry: '工业' },
      { code: 'JS-02', name: '景山工业网格2', level: 3, industry: '工业' },
      { code: 'JS-03', name: '景山跨行业网格3', level: 3, industry: CROSS_INDUSTRY },
      { code: 'OH', name: '瓯海区统计网格', level: 1 },
      { code: 'XQ', name: '新桥街道统计网格', level: 2 },
      { code: 'XQ-01', name: '新桥服务业网格1', level: 3, industry: '服务业' },
    ]);
    // Each grid is found by its code (a unique index), once.
    expect(await Promise.all(grids.map((g) => GridModel.countDocuments({ code: g.code })))).toEqual(grids.map(() => 1));
    const sizes = await SurveyObjectModel.aggregate<{ _id: string; n: number }>([{ $group: { _id: '$grid', n: { $sum: 1 } } }, { $sort: { _id: 1 } }]);
    expect(sizes).toEqual([{ _id: 'JS-01', n: 13 }, { _id: 'JS-02', n: 12 }, { _id: 'JS-03', n: 11 }, { _id: 'XQ-01', n: 6 }]);
    expect(await rolesOf(1)).toEqual(['JS-01:leader']);
    expect(await rolesOf(2)).toEqual(['JS-01:deputy']);
    expect(await rolesOf(40)).toEqual(['XQ-01:member']);
    expect(await SurveyObjectModel.findOne({ creditCode: code(26) }).lean()).toMatchObject({ name: '温州测试26有限公司', kind: 'enterprise', industry: '贸易', street: 'JS', grid: 'JS-03' });
  });

  it('lists a street’s grids with their objects and members (npm run admin -- grids)', async () => {
    const out: string[] = [];
    expect(await gridsTask.run(['--street', 'JS'], t.app, (line) => out.push(line))).toBe(0);
    expect(out).toEqual([
      '级别\t编号\t名称\t行业\t调查对象\t成员',
      '2\tJS\t景山街道统计网格\t\t0\t0',
      '3\tJS-01\t景山工业网格1\t工业\t13\t13',
      '3\tJS-02\t景山工业网格2\t工业\t12\t12',
      `3\tJS-03\t景山跨行业网格3\t${CROSS_INDUSTRY}\t11\t11`,
    ]);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await snapshot();
    const { code: exit, out } = await runImport(csv('bureau.csv', bureauRows()));
    expect(exit).toBe(0);
    expect(out[0]).toBe(`${join(dir, 'bureau.csv')}：42 行。调查对象 新增 0、变更 0、不变 42；成员 新增 0、变更 0、不变 42；新网格 0 个。`);
    expect(out.at(-1)).toBe('没有变化，未写入。');
    expect(await snapshot()).toBe(before);
  });

  it('moves only an object whose industry changed, adds a newcomer, and follows a new leader', async () => {
    const rows = bureauRows();
    const gridsBefore = await Promise.all(rows.map((_, i) => gridOf(i + 1)));
    rows[4]![3] = '建筑业'; // object 5: 工业 → 建筑业
    rows[0]![6] = '网格员';
    rows[2]![6] = '网格长'; // statistician 3 now leads JS-01
    rows.push(row(43, '景山街道', '工业'));
    const path = csv('bureau-v2.csv', rows);
    const dry = await runImport(path, '--dry-run');
    expect(dry.out[0]).toContain('调查对象 新增 1、变更 1、不变 41；成员 新增 1、变更 3、不变 39；新网格 0 个。');
    expect(dry.out).toContain(`  变更 温州测试5有限公司（${code(5)}）：行业 工业→建筑业，网格 JS-01→JS-03`);

    expect((await runImport(path)).code).toBe(0);
    const gridsAfter = await Promise.all(rows.map((_, i) => gridOf(i + 1)));
    const moved = gridsAfter.map((g, i) => (g !== gridsBefore[i] ? i + 1 : 0)).filter(Boolean);
    expect(moved).toEqual([5, 43]);
    expect(gridsAfter[42]).toBe('JS-01'); // the least filled 工业 grid once object 5 left it
    expect(await rolesOf(5)).toEqual(['JS-03:member']);
    expect(await rolesOf(3)).toEqual(['JS-01:leader']);
    expect(await rolesOf(1)).toEqual(['JS-01:member']);
  });
});

describe('a large sheet', () => {
  it('looks statisticians and objects up in one pass when there are many, and re-imports as a no-op', async () => {
    const rows = Array.from({ length: 1100 }, (_, i) => row(1000 + i, '瞿溪街道', i % 3 ? '工业' : '贸易'));
    const path = csv('large.csv', rows);
    expect((await runImport(path)).out[0]).toContain('1100 行。调查对象 新增 1100');
    expect(await SurveyObjectModel.countDocuments({ street: 'QX' })).toBe(1100);
    const before = await snapshot();
    const again = await runImport(path);
    expect(again.out[0]).toContain('调查对象 新增 0、变更 0、不变 1100；成员 新增 0、变更 0、不变 1100');
    expect(await snapshot()).toBe(before);
  });
});

describe('writing an import', () => {
  it('writes each object and statistician once when the same plan is applied twice at the same time (a re-run after a crash)', async () => {
    const path = csv('twice.csv', Array.from({ length: 45 }, (_, i) => row(3000 + i, '仙岩街道', i % 4 ? '服务业' : '建筑业')));
    const plan = await planImport(await readSheet(path), DEFAULT_PARTITION_RULES);
    expect(plan.objects.insert).toHaveLength(45);
    const at = new Date('2026-09-20T02:00:00Z');
    await Promise.all([applyImport(plan, at), applyImport(plan, at)]);
    const objects = await SurveyObjectModel.find({ street: 'XY' }, { creditCode: 1, grid: 1 }).lean();
    expect(objects).toHaveLength(45);
    expect(new Set(objects.map((o) => o.creditCode)).size).toBe(45);
    expect(await MemberModel.countDocuments({ phone: { $in: Array.from({ length: 45 }, (_, i) => phone(3000 + i)) } })).toBe(45);
    expect(await GridModel.countDocuments({ street: 'XY', level: 3 })).toBe(new Set(objects.map((o) => o.grid)).size);
    // The grids and memberships it added start when it was applied: the assessment expects nothing in them before.
    const added = await MemberModel.find({ phone: { $in: Array.from({ length: 45 }, (_, i) => phone(3000 + i)) } }, { memberships: 1 }).lean();
    expect(added.flatMap((m) => m.memberships.map((ms) => ms.since))).toEqual(Array(45).fill(at));
    const grids = await GridModel.find({ code: { $in: plan.newGrids.map((g) => g.code) } }, { since: 1 }).lean();
    expect(grids.map((g) => g.since)).toEqual(Array(plan.newGrids.length).fill(at));
    expect((await runImport(path)).out.at(-1)).toBe('没有变化，未写入。');
  });

  it('applies 120 single-document updates in one command (FerretDB 1.24 as released hung at 100; our build closes each)', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => row(4000 + i, '丽岙街道', '工业'));
    expect((await runImport(csv('renames.csv', rows))).code).toBe(0);
    for (const r of rows) r[1] = `${r[1]}（更名）`;
    const { code: exit, out } = await runImport(csv('renames-v2.csv', rows));
    expect(exit).toBe(0);
    expect(out[0]).toContain('调查对象 新增 0、变更 120、不变 0；成员 新增 0、变更 120、不变 0');
    expect(await SurveyObjectModel.countDocuments({ street: 'LA', name: /（更名）$/ })).toBe(120);
    expect(await MemberModel.countDocuments({ phone: { $in: rows.map((r) => r[5]!) }, unit: /（更名）$/ })).toBe(120);
  });

  it('keeps the first change lines and counts them all', async () => {
    const { out } = await runImport(csv('many.csv', Array.from({ length: 150 }, (_, i) => row(5000 + i, '三垟街道', '贸易'))), '--dry-run');
    // 1 street grid + 8 level-3 grids + 150 objects + 150 members = 309 changes; 200 are shown.
    expect(out.filter((line) => line.startsWith('  '))).toHaveLength(200);
    expect(out).toContain('……还有 109 条');
  });
});

describe('reading a CSV as it streams', () => {
  it('skips a byte-order mark and blank lines, and numbers rows as the file does', async () => {
    const rows = [row(6000, '郭溪街道', '贸易'), [], row(6001, '火星街道', '贸易')];
    const path = join(dir, 'bom.csv');
    writeFileSync(path, '\ufeff' + stringify([HEADER, ...rows]));
    const { code: exit, out } = await runImport(path);
    expect(exit).toBe(1);
    expect(out.slice(1)).toEqual(['第 4 行：没有「火星街道」这个街道/镇']);
  });
});

describe('importing an XLSX sheet', () => {
  async function writeXlsx(name: string, rows: Array<Array<string | number | ExcelJS.CellRichTextValue>>): Promise<string> {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('调查对象');
    sheet.addRow(HEADER);
    rows.forEach((r, i) => sheet.getRow(i + 2).values = r);
    const path = join(dir, name);
    await workbook.xlsx.writeFile(path);
    return path;
  }

  /** 潘桥: 21 industry objects; phones typed as numbers, one unit name in rich text. */
  const xlsxRows = () =>
    Array.from({ length: 21 }, (_, i) => {
      const n = 100 + i;
      const [street, unit, credit, industry, name, , role] = row(n, '潘桥街道', '工业', i === 0 ? '网格长' : '网格员');
      const richUnit = i === 1 ? { richText: [{ text: '温州' }, { text: `测试${n}有限公司`, font: { bold: true } }] } : unit!;
      return [street!, richUnit, credit!, industry!, name!, Number(phone(n)), role!];
    });

  it('reads phones saved as numbers and rich text, and splits 21 objects 11 + 10', async () => {
    const path = await writeXlsx('panqiao.xlsx', xlsxRows());
    const { code: exit } = await runImport(path);
    expect(exit).toBe(0);
    const sizes = await SurveyObjectModel.aggregate<{ _id: string; n: number }>([{ $match: { street: 'PQ' } }, { $group: { _id: '$grid', n: { $sum: 1 } } }, { $sort: { _id: 1 } }]);
    expect(sizes).toEqual([{ _id: 'PQ-01', n: 11 }, { _id: 'PQ-02', n: 10 }]);
    expect(await SurveyObjectModel.findOne({ creditCode: code(101) }).lean()).toMatchObject({ name: '温州测试101有限公司' });
    expect(await rolesOf(100)).toEqual(['PQ-01:leader']);
    const again = await runImport(path);
    expect(again.out.at(-1)).toBe('没有变化，未写入。');
  });

  it('reports XLSX rows by the row number Excel shows, blank lines included', async () => {
    const rows: Array<Array<string | number>> = xlsxRows().map((r) => r.map((c) => (typeof c === 'object' ? '温州富文本公司' : c)));
    rows[4]![0] = '未知镇';
    rows.splice(2, 0, []);
    const before = await snapshot();
    const { code: exit, out } = await runImport(await writeXlsx('panqiao-bad.xlsx', rows));
    expect(exit).toBe(1);
    expect(out[1]).toBe('第 7 行：没有「未知镇」这个街道/镇');
    expect(await snapshot()).toBe(before);
  });
});

describe('a sheet as a bureau keeps it: a title above the header, national industry names', () => {
  it('finds the header under the title rows, maps GB/T 4754 names to the groups, and says so in the dry run', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名录');
    sheet.addRow(['瓯海区2026年统计调查对象名录']);
    sheet.addRow(['填报单位：瓯海区统计局', '', '', '', '', '', '2026年12月']);
    sheet.addRow(HEADER);
    const labels = ['批发和零售业', '住宿和餐饮业', '交通运输、仓储和邮政业', 'C 制造业', '批发零售业', '工业'];
    labels.forEach((label, i) => sheet.addRow(row(300 + i, '娄桥街道', label, i === 0 ? '网格长' : '网格员')));
    const path = join(dir, 'louqiao-titled.xlsx');
    await workbook.xlsx.writeFile(path);

    const before = await snapshot();
    const dry = await runImport(path, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out[0]).toBe(`${path}：6 行。调查对象 新增 6、变更 0、不变 0；成员 新增 6、变更 0、不变 0；新网格 1 个。`);
    expect(dry.out.filter((l) => l.startsWith('行业对照'))).toEqual([
      '行业对照：批发和零售业 → 贸易（1 行）',
      '行业对照：住宿和餐饮业 → 贸易（1 行）',
      '行业对照：交通运输、仓储和邮政业 → 服务业（1 行）',
      '行业对照：C 制造业 → 工业（1 行）',
      '行业对照：批发零售业 → 贸易（1 行）',
    ]);
    expect(await snapshot()).toBe(before);

    expect((await runImport(path)).code).toBe(0);
    const industries = await SurveyObjectModel.find({ street: 'LQ' }).sort({ creditCode: 1 }).lean();
    expect(industries.map((o) => o.industry)).toEqual(['贸易', '贸易', '服务业', '工业', '贸易', '工业']);
  });

  it('refuses a name neither in the groups nor in the table, by row, and a header below row 10', async () => {
    const bad = await runImport(csv('agri.csv', [row(320, '娄桥街道', '农、林、牧、渔业')]));
    expect(bad.code).toBe(1);
    expect(bad.out[1]).toBe('第 2 行：行业「农、林、牧、渔业」不在 工业、贸易、服务业、建筑业、房地产、村居 之中，也不是对照表中的国民经济行业门类');
    const path = join(dir, 'deep-header.csv');
    writeFileSync(path, stringify([...Array.from({ length: 10 }, (_, i) => [`说明 ${i + 1}`]), HEADER, row(321, '娄桥街道', '工业')]));
    expect((await runImport(path)).out).toEqual(['表头缺少这些列：街道/镇、单位名称、统一社会信用代码、行业、统计员姓名、手机号。']);
  });
});

describe('files a bureau might hand over', () => {
  /** GB18030 bytes for a text, found by decoding every two-byte sequence (Node has no GB encoder). */
  function gb18030(text: string): Buffer {
    const decoder = new TextDecoder('gb18030');
    const table = new Map<string, number[]>();
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail !== 0x7f) table.set(decoder.decode(new Uint8Array([lead, trail])), [lead, trail]);
      }
    }
    return Buffer.from([...text].flatMap((c) => (c.charCodeAt(0) < 0x80 ? [c.charCodeAt(0)] : table.get(c)!)));
  }

  it('reads a CSV saved by Excel on a Chinese Windows (GB18030)', async () => {
    const rows = [row(200, '娄桥街道', '贸易'), row(201, '娄桥街道', '贸易')];
    const path = join(dir, 'gbk.csv');
    writeFileSync(path, gb18030(stringify([HEADER, ...rows])));
    const { code: exit } = await runImport(path);
    expect(exit).toBe(0);
    expect(await SurveyObjectModel.findOne({ creditCode: code(200) }).lean()).toMatchObject({ name: '温州测试200有限公司', street: 'LQ', industry: '贸易' });
    expect(await MemberModel.findOne({ phone: phone(201) }).lean()).toMatchObject({ name: '统计员二零一' });
  });

  it('leaves every roster as the members say, after first imports and re-imports that moved people (a rebuild rewrites none)', async () => {
    expect(await GridRosterModel.estimatedDocumentCount()).toBeGreaterThan(0);
    expect(await rebuildRosters()).toBe(0);
  });

  it('refuses a CSV it cannot read (a quote never closed) with a plain answer, writing nothing', async () => {
    const path = csv('broken.csv', bureauRows());
    writeFileSync(path, readFileSync(path, 'utf8').replace('温州测试3有限公司', '"温州测试3有限公司'));
    const before = await snapshot();
    const { code: exit, out } = await runImport(path);
    expect(exit).toBe(1);
    expect(out).toEqual([expect.stringMatching(/^无法读取这个 CSV：第 \d+ 行附近有一个引号没有配对。请在 Excel 里打开检查，再另存为 CSV 后导入。整个文件未导入。$/)]);
    expect(await snapshot()).toBe(before);
  });

  it('refuses other file types with a clear answer', async () => {
    writeFileSync(join(dir, 'old.xls'), 'x');
    expect(await runImport(join(dir, 'old.xls'))).toEqual({ code: 1, out: ['旧版 .xls 文件请在 Excel 里另存为 .xlsx 再导入。'] });
  });
});
