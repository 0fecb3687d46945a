import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { inertText, isPersonName, looksLikeFormula } from '../../src/domain/sheetText.js';
import { linesIn, NO_COLUMN, writeCsv, writeXlsx, type Report, type Sheet } from '../../src/exports/report.js';

describe('names and cells a spreadsheet could run', () => {
  it.each([
    ['肖旭娜', true], ['阿卜杜·热合曼', true], ['John Smith', true], ['肖', true],
    ['=1+2', false], ['@SUM(A1)', false], ['张  三', false], ['·张三', false], ['张三·', false], ['李四2', false],
    ['王\u0000五', false], ['王\u202E五', false], ['一二三四五六七八九十一二三四五六七八九十一', false],
  ])('%j is a person\'s name: %s', (name, ok) => {
    expect(isPersonName(name)).toBe(ok);
  });

  it.each([
    ['=1+2', "'=1+2"], ['+86 1', "'+86 1"], ['-1', "'-1"], ['@x', "'@x"], ['\tx', "'\tx"], ['\rx', "'\rx"], ['＝1', "'＝1"],
    ['温州有限公司', '温州有限公司'], ['1-2', '1-2'],
  ])('%j is written as %j', (text, written) => {
    expect(inertText(text)).toBe(written);
  });
});

/** An export of hostile text, as a unit or a person named before the import checked names. */
const HOSTILE = ['=1+2', '=HYPERLINK("http://example.com/x","点我")', '+SUM(A1)', '-2+3', '@A1', '\t=1', '\r=1', '＝1'];
const sheet = (name: string): Sheet => ({
  name,
  title: `${name}表`,
  columns: [NO_COLUMN, { header: '姓名', key: 'name', width: 10 }, { header: '单位', key: 'unit', width: 20 }, { header: '得分', key: 'score', width: 6, format: 'decimal' }],
  rows: HOSTILE.map((h, i) => ({ no: i + 1, name: h, unit: h, score: -1.5 })),
  total: { name: '合计', unit: '=SUM(D4:D11)', score: -12 },
});
const report: Report = { name: 'hostile', note: '测试', reportedOn: '2026年12月5日', summary: sheet('汇总'), streets: [{ code: 'JS', name: '景山街道', sheet: async () => sheet('景山街道') }] };

/**
 * A cell a spreadsheet evaluates on opening: a formula, or text starting with a formula character
 * (a negative number read back from a CSV is a number, not a formula).
 */
const evaluated = (v: unknown) =>
  (typeof v === 'string' && looksLikeFormula(v) && !/^-\d+(\.\d+)?$/.test(v)) || (typeof v === 'object' && v !== null && 'formula' in v);

describe('exports read back', () => {
  const dir = mkdtempSync(join(tmpdir(), 'statgrid-export-'));

  it('a CSV holds no cell a spreadsheet would evaluate, and keeps the text after an apostrophe', async () => {
    const file = join(dir, 'hostile.csv');
    await writeCsv(report, file);
    const rows = parse(readFileSync(file, 'utf8').replace(/^\ufeff/, '')) as string[][];
    expect(rows.flat().filter(evaluated)).toEqual([]);
    expect(rows.slice(1).map((r) => r[2])).toEqual(HOSTILE.map((h) => `'${h}`));
    expect(rows[1]![4]).toBe('-1.5'); // a negative number stays a number
  });

  it('an XLSX holds no cell a spreadsheet would evaluate, on every sheet', async () => {
    const file = join(dir, 'hostile.xlsx');
    await writeXlsx(report, file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const cells: unknown[] = [];
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((cell) => cells.push(cell.value)));
    expect(cells.filter(evaluated)).toEqual([]);
    expect(cells).toContain('\'=HYPERLINK("http://example.com/x","点我")');
    expect(cells).toContain(-1.5);
  });
});

describe('wrapped cells', () => {
  it.each([
    ['', 24, 1],
    ['景山工业网格1', 24, 1],
    ['景山工业网格1、景山建筑业网格2', 24, 2],
    ['景山工业网格1、景山建筑业网格2、景山村居网格3', 24, 2],
    ['景山工业网格1、景山建筑业网格2、景山村居网格3', 16, 3],
    ['abc', 2, 3],
  ])('%s in width %i takes %i line(s)', (text, width, lines) => {
    expect(linesIn(text, width)).toBe(lines);
  });
});

describe('a wrapped column read back', () => {
  it('wraps its long text and writes that row tall enough; other rows keep their height', async () => {
    const sheet: Sheet = {
      name: '景山街道', title: '表', rows: [{ no: 1, grids: '景山工业网格1' }, { no: 2, grids: '景山工业网格1、景山建筑业网格2、景山村居网格3' }],
      columns: [NO_COLUMN, { header: '所在网格', key: 'grids', width: 16, wrap: true }],
    };
    const file = join(mkdtempSync(join(tmpdir(), 'statgrid-wrap-')), 'wrap.xlsx');
    await writeXlsx({ name: 'wrap', note: '', reportedOn: '2026年12月16日', summary: sheet, streets: [] }, file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(4).getCell(2).alignment).toMatchObject({ wrapText: true });
    expect(ws.getRow(4).height).toBeUndefined();
    expect(ws.getRow(5).height).toBe(45);
  });
});
