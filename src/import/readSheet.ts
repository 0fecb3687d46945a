import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { UserError } from '../core/errors.js';
import { mapColumns, type SheetRow } from '../domain/surveySheet.js';
import { bi } from '../i18n/text.js';

export interface Sheet {
  header: string[];
  /**
   * Data rows that are not blank, numbered as the spreadsheet shows them. They are read from the
   * file as they are taken, once: a sheet of 600,000 rows is never held whole.
   */
  rows: AsyncIterable<SheetRow>;
}

/**
 * A CSV or XLSX file as a header and rows of text. A CSV saved by Excel on a Chinese Windows is
 * GB18030 rather than UTF-8, so a file that is not valid UTF-8 is read as GB18030.
 */
export async function readSheet(path: string): Promise<Sheet> {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return withHeader(csvRecords(path));
  if (ext === '.xlsx') return withHeader(xlsxRecords(path));
  if (ext === '.xls') throw new UserError(bi('旧版 .xls 文件请在 Excel 里另存为 .xlsx 再导入。', 'Save the old .xls file as .xlsx first.'));
  throw new UserError(bi(`只能导入 .csv 或 .xlsx 文件（收到 ${ext || '无扩展名'}）。`, `Only .csv and .xlsx files can be imported (got ${ext || 'no extension'}).`));
}

/** Bureau sheets carry a title, a unit or a date above the table: the header is looked for this far down. */
export const HEADER_WITHIN = 10;

/**
 * The header is the first of the first `HEADER_WITHIN` records that names every required column
 * (the rows above it are titles and notes); failing that, the first record, so the reply names
 * the columns it lacks. Blank records after it are skipped.
 */
async function withHeader(records: AsyncGenerator<SheetRow>): Promise<Sheet> {
  const above: SheetRow[] = [];
  let header: SheetRow | undefined;
  while (above.length < HEADER_WITHIN) {
    const next = await records.next();
    if (next.done) break;
    if (!mapColumns(next.value.cells).missing.length) {
      header = next.value;
      break;
    }
    above.push(next.value);
  }
  if (!header && !above.length) throw new UserError(bi('文件是空的。', 'The file is empty.'));
  // Without a header found, the first record stands for it and the rows under it are read as data.
  const rest = header ? [] : above.slice(1);
  async function* nonBlank(): AsyncGenerator<SheetRow> {
    for (const record of rest) if (record.cells.some((c) => c.trim() !== '')) yield record;
    for await (const record of records) if (record.cells.some((c) => c.trim() !== '')) yield record;
  }
  return { header: (header ?? above[0]!).cells, rows: nonBlank() };
}

/** UTF-8 (a byte-order mark allowed) if the whole file decodes as such, else GB18030. */
async function csvEncoding(path: string): Promise<'utf-8' | 'gb18030'> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(path)) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

async function* decodedText(path: string, encoding: string): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding);
  for await (const chunk of createReadStream(path)) {
    const text = decoder.decode(chunk as Buffer, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** What a CSV the parser cannot read is told, by the parser's error code. */
const CSV_FAULTS: Record<string, ReturnType<typeof bi>> = {
  CSV_QUOTE_NOT_CLOSED: bi('有一个引号没有配对', 'a quote is never closed'),
  CSV_INVALID_CLOSING_QUOTE: bi('引号后面紧跟着别的字符', 'a closing quote is followed by other characters'),
};

/** A parser error as the reply a bureau user can act on: where, and what to do. */
function unreadableCsv(err: { code?: string; lines?: number }): UserError {
  const fault = CSV_FAULTS[err.code ?? ''] ?? bi('格式不对', 'the format is broken');
  const line = err.lines ?? 0;
  return new UserError(
    bi(`无法读取这个 CSV：第 ${line} 行附近${fault['zh-CN']}。请在 Excel 里打开检查，再另存为 CSV 后导入。整个文件未导入。`,
      `This CSV cannot be read: near line ${line}, ${fault.en}. Open it in Excel, check it, save it as CSV again and import it. Nothing was imported.`),
  );
}

/** Records numbered from 1, the header's row. */
async function* csvRecords(path: string): AsyncGenerator<SheetRow> {
  const parser = parse({ relax_column_count: true });
  // A read error destroys the parser with it, so it reaches the loop below.
  pipeline(Readable.from(decodedText(path, await csvEncoding(path))), parser, () => {});
  let row = 0;
  try {
    for await (const cells of parser) yield { row: ++row, cells: cells as string[] };
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw code?.startsWith('CSV_') ? unreadableCsv(err as { code?: string; lines?: number }) : err;
  }
}

/** The first worksheet, streamed. The reader skips blank rows, so each row keeps the number Excel shows. */
async function* xlsxRecords(path: string): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit' });
  for await (const worksheet of reader) {
    for await (const row of worksheet) yield { row: row.number, cells: Array.from((row.values as unknown[]).slice(1), cellText) };
    break;
  }
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
