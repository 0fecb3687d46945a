import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { stringify } from 'csv-stringify';
import type { stream } from 'exceljs';
import { inertText } from '../domain/sheetText.js';

/**
 * A table the way a bureau files it: a summary sheet (one row per street and a district total),
 * then one sheet per street. Street sheets are produced one at a time while writing, so a large
 * export never holds every row at once.
 */
export type Format = 'money' | 'int' | 'decimal' | 'percent' | 'text';

export interface Column {
  header: string;
  key: string;
  width: number;
  format?: Format;
  /** Long text (several grids, a reason) wraps in its cell instead of running under the next column. */
  wrap?: boolean;
}

/** The first column of every sheet, and the second of every summary (one row per street). */
export const NO_COLUMN: Column = { header: '序号', key: 'no', width: 6, format: 'int' };
export const STREET_COLUMN: Column = { header: '街道（镇、开发区）', key: 'street', width: 20 };

export type Row = Record<string, string | number | undefined>;

export interface Sheet {
  name: string;
  title: string;
  columns: Column[];
  rows: Row[];
  total?: Row;
}

export interface Report {
  /** File-name stem, e.g. "考核结果-2026". */
  name: string;
  /** A line under each title: who files it, as of when. */
  note: string;
  /** The day it is reported, by the bot's clock ("2026年12月20日"), for the sign-off line. */
  reportedOn: string;
  summary: Sheet;
  /** Street sheets in order; each is read only when it is written. */
  streets: Array<{ code: string; name: string; sheet: () => Promise<Sheet> }>;
}

const NUM_FMT: Record<Format, string | undefined> = { money: '#,##0', int: '0', decimal: '0.0', percent: '0.0%', text: undefined };

/** Excel allows 31 characters and none of []:*?/\ in a sheet name. */
const sheetName = (name: string) => name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);

/** Text cells that would start a formula (a unit named "=HYPERLINK(…)") kept as text. */
const inertRow = (row: Row): Row =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' ? inertText(v) : v]));

/** Lines a text takes in a column of this width (a Chinese character is two units wide, as Excel measures). */
export function linesIn(text: string, width: number): number {
  const units = [...text].reduce((n, ch) => n + (ch.codePointAt(0)! >= 0x2e80 ? 2 : 1), 0);
  return Math.max(1, Math.ceil(units / Math.max(1, width - 1)));
}
/** Points per line of text: a sheet reader keeps a row's height as written, so a wrapped row is written taller. */
const LINE_HEIGHT = 15;

const THIN = { style: 'thin' } as const;
const BOXED = { top: THIN, left: THIN, bottom: THIN, right: THIN };
/** Rows above the table: the title, the note, the header (repeated on every printed page). */
const HEADER_ROW = 3;

/** The sign-off line a bureau's table carries under it, with the day it is reported. */
export const signOffLine = (reportedOn: string) => `单位负责人：　　　　　　审核人：　　　　　　填表人：　　　　　　报出日期：${reportedOn}`;

function addSheet(wb: stream.xlsx.WorkbookWriter, sheet: Sheet, report: Pick<Report, 'note' | 'reportedOn'>): void {
  const ws = wb.addWorksheet(sheetName(sheet.name), {
    views: [{ state: 'frozen', ySplit: HEADER_ROW }],
    // As filed: A4 landscape, one page wide however many columns, the header row on every page.
    pageSetup: {
      paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true,
      printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`, margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
  });
  ws.columns = sheet.columns.map((c) => ({ key: c.key, width: c.width, style: NUM_FMT[c.format ?? 'text'] ? { numFmt: NUM_FMT[c.format ?? 'text'] } : {} }));
  const last = sheet.columns.length;
  const title = ws.addRow([sheet.title]);
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center' };
  const note = ws.addRow([report.note]);
  const header = ws.addRow(sheet.columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    cell.border = BOXED;
  });
  // Merged before the rows are committed: the streaming writer cannot reach back.
  ws.mergeCells(1, 1, 1, last);
  ws.mergeCells(2, 1, 2, last);
  for (const row of [title, note, header]) row.commit();
  const wrapped = sheet.columns.flatMap((c, i) => (c.wrap ? [{ at: i + 1, column: c }] : []));
  const boxed = (values: Row) => {
    const row = ws.addRow(inertRow(values));
    for (let c = 1; c <= last; c++) row.getCell(c).border = BOXED;
    if (wrapped.length) {
      row.alignment = { vertical: 'middle' };
      for (const { at } of wrapped) row.getCell(at).alignment = { vertical: 'middle', wrapText: true };
      const lines = Math.max(...wrapped.map(({ column }) => linesIn(String(values[column.key] ?? ''), column.width)));
      if (lines > 1) row.height = lines * LINE_HEIGHT;
    }
    return row;
  };
  for (const values of sheet.rows) boxed(values).commit();
  if (sheet.total) {
    const total = boxed(sheet.total);
    total.font = { bold: true };
    total.commit();
  }
  ws.addRow([]).commit();
  const signOff = ws.addRow([signOffLine(report.reportedOn)]);
  ws.mergeCells(signOff.number, 1, signOff.number, last);
  signOff.commit();
  ws.commit();
}

export async function writeXlsx(report: Report, file: string): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  // Loaded for a workbook only: the bot imports this module for its summaries, and exceljs is ~20 MB.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  wb.creator = 'StatGrid Bot 统计网格助手';
  addSheet(wb, report.summary, report);
  for (const s of report.streets) addSheet(wb, await s.sheet(), report);
  await wb.commit();
}

/**
 * One CSV of every street's rows, the street first on each line (a CSV has no sheets; the summary
 * is what the task prints). UTF-8 with a byte-order mark, so Excel reads the Chinese right.
 */
export async function writeCsv(report: Report, file: string): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  const out = createWriteStream(file);
  out.write('\ufeff');
  // Text that would start a formula gets a leading apostrophe, as in the workbook.
  const csv = stringify({ escape_formulas: true });
  csv.pipe(out);
  const write = async (record: Array<string | number>) => {
    if (!csv.write(record)) await once(csv, 'drain');
  };
  let header = false;
  for (const s of report.streets) {
    const sheet = await s.sheet();
    if (!header) {
      await write(['街道', ...sheet.columns.map((c) => c.header)]);
      header = true;
    }
    for (const row of sheet.rows) await write([s.name, ...sheet.columns.map((c) => row[c.key] ?? '')]);
  }
  csv.end();
  await once(out, 'finish');
}

/** A cell as read on a screen: "87.5%", "8,000". */
function cellText(row: Row, c: Column): string {
  const v = row[c.key];
  if (v === undefined) return '';
  if (typeof v !== 'number') return v;
  if (c.format === 'percent') return `${Number((v * 100).toFixed(1))}%`;
  return c.format === 'money' ? v.toLocaleString('en-US') : String(v);
}

const allRows = (sheet: Sheet) => [...sheet.rows, ...(sheet.total ? [sheet.total] : [])];

/** A sheet as tab-separated lines, for the console. */
export function summaryLines(sheet: Sheet): string[] {
  return [sheet.columns.map((c) => c.header).join('\t'), ...allRows(sheet).map((r) => sheet.columns.map((c) => cellText(r, c)).join('\t'))];
}

/** A summary sheet for a phone: per street (its second column), the other columns as "header value". */
export function summaryText(sheet: Sheet): string[] {
  const [, name, ...rest] = sheet.columns;
  return allRows(sheet).map((r) => `${cellText(r, name!)}：${rest.filter((c) => cellText(r, c)).map((c) => `${c.header} ${cellText(r, c)}`).join('，')}`);
}
