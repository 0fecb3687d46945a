import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { UserError } from '../core/errors.js';
import type { SheetRow } from '../domain/surveySheet.js';
import { bi } from '../i18n/text.js';

export interface Sheet {
  header: string[];
  /** Data rows that are not blank, numbered as the spreadsheet shows them. */
  rows: SheetRow[];
}

/**
 * A CSV or XLSX file as a header and rows of text. A CSV saved by Excel on a Chinese Windows is
 * GB18030 rather than UTF-8, so a file that is not valid UTF-8 is read as GB18030.
 */
export async function readSheet(path: string): Promise<Sheet> {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return fromRecords(parse(decodeText(await readFile(path)), { relax_column_count: true }) as string[][], (i) => i + 1);
  if (ext === '.xlsx') return readXlsx(path);
  if (ext === '.xls') throw new UserError(bi('旧版 .xls 文件请在 Excel 里另存为 .xlsx 再导入。', 'Save the old .xls file as .xlsx first.'));
  throw new UserError(bi(`只能导入 .csv 或 .xlsx 文件（收到 ${ext || '无扩展名'}）。`, `Only .csv and .xlsx files can be imported (got ${ext || 'no extension'}).`));
}

export function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** Records (the first is the header) → a sheet; `rowNumber` maps a record's index to its row. */
function fromRecords(records: string[][], rowNumber: (index: number) => number): Sheet {
  if (!records.length) throw new UserError(bi('文件是空的。', 'The file is empty.'));
  const rows: SheetRow[] = [];
  for (let i = 1; i < records.length; i++) {
    const cells = records[i]!;
    if (cells.some((c) => c.trim() !== '')) rows.push({ row: rowNumber(i), cells });
  }
  return { header: records[0]!, rows };
}

/** The first worksheet, streamed: a sheet of 600,000 rows is never held as a workbook. */
async function readXlsx(path: string): Promise<Sheet> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit' });
  const records: string[][] = [];
  const numbers: number[] = [];
  for await (const worksheet of reader) {
    for await (const row of worksheet) {
      const values = (row.values as unknown[]).slice(1);
      records.push(Array.from(values, cellText));
      numbers.push(row.number);
    }
    break;
  }
  // The reader skips blank rows, so each row keeps the number Excel shows.
  return fromRecords(records, (i) => numbers[i]!);
}

/** A cell as text: numbers (phones saved as numbers), rich text, hyperlinks and formula results. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return cellText(v.text);
    if ('result' in v) return cellText(v.result);
  }
  return '';
}
