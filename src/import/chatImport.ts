import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Entry, ZipFile } from 'yauzl';
import yauzl from 'yauzl';
import type { PartitionRules } from '../domain/gridPartition.js';
import { bi, type Text } from '../i18n/text.js';
import { planImport, type ImportPlan } from './planImport.js';
import { readSheet } from './readSheet.js';

const MB = 1024 * 1024;
/** The largest sheet taken from the chat. */
export const MAX_SHEET_BYTES = 20 * MB;
/** An XLSX unpacking to more than this, or to more than RATIO times its size, is refused unread (a zip bomb). */
const MAX_UNPACKED_BYTES = 200 * MB;
const MAX_RATIO = 100;

export type SheetFormat = 'xlsx' | 'csv';
export type Inspected = { ok: true; format: SheetFormat } | { ok: false; reason: Text };

const refuse = (reason: Text): Inspected => ({ ok: false, reason });
const NOT_A_SHEET = bi('只能导入 XLSX 或 CSV 表格（按文件内容判断，不看文件名）。', 'Only XLSX or CSV sheets can be imported (judged by content, not name).');
const FORMULAS = bi('表格里有公式。请在 Excel 里把公式复制、粘贴为数值后再发送。', 'The sheet has formulas. Paste them as values in Excel, then send it again.');

/**
 * What a sent file is, by its content: an XLSX (a zip with a workbook, no macros, no formulas,
 * unpacking to a sane size, all judged from the zip's directory before anything is unpacked) or a
 * CSV (text without NUL bytes, no cell starting with "=").
 */
export async function inspectSheet(bytes: Buffer): Promise<Inspected> {
  if (bytes.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) return inspectXlsx(bytes);
  if (bytes.subarray(0, 8192).includes(0)) return refuse(NOT_A_SHEET);
  const text = bytes.toString('utf8');
  if (/(^|[,\n])"?\s*=/.test(text)) return refuse(FORMULAS);
  return { ok: true, format: 'csv' };
}

async function inspectXlsx(bytes: Buffer): Promise<Inspected> {
  let zip: ZipFile;
  try {
    zip = await new Promise<ZipFile>((resolve, reject) => yauzl.fromBuffer(bytes, { lazyEntries: true, autoClose: false }, (err, z) => (err ? reject(err) : resolve(z))));
  } catch {
    return refuse(NOT_A_SHEET);
  }
  try {
    const entries = await listEntries(zip);
    const unpacked = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
    if (unpacked > MAX_UNPACKED_BYTES || unpacked > MAX_RATIO * bytes.length) {
      return refuse(bi(`文件解压后过大（${Math.round(unpacked / MB)} MB），不予读取。`, `The file unpacks to too much (${Math.round(unpacked / MB)} MB); not read.`));
    }
    if (!entries.some((e) => e.fileName === 'xl/workbook.xml')) return refuse(NOT_A_SHEET);
    if (entries.some((e) => /vbaProject\.bin$|\.bin$/i.test(e.fileName))) {
      return refuse(bi('表格里有宏。请另存为不带宏的 .xlsx 后再发送。', 'The workbook has macros. Save it as a plain .xlsx, then send it again.'));
    }
    for (const e of entries.filter((x) => /^xl\/worksheets\/[^/]+\.xml$/.test(x.fileName))) {
      if (/<f[\s>/]/.test(await entryText(zip, e))) return refuse(FORMULAS);
    }
    return { ok: true, format: 'xlsx' };
  } catch {
    return refuse(NOT_A_SHEET);
  } finally {
    zip.close();
  }
}

function listEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (e: Entry) => {
      entries.push(e);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

function entryText(zip: ZipFile, entry: Entry): Promise<string> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) return reject(err);
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      stream.on('error', reject);
    });
  });
}

/** The dry run of a sheet sent as bytes (read from a temporary file, as the admin import reads one). */
export async function planSheet(bytes: Buffer, format: SheetFormat, rules: PartitionRules): Promise<ImportPlan> {
  const dir = join(tmpdir(), `statgrid-import-${randomUUID()}`);
  await mkdir(dir, { recursive: true });
  const file = join(dir, `sheet.${format}`);
  try {
    await writeFile(file, bytes);
    return await planImport(await readSheet(file), rules);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The short id a pending import is confirmed by: the file and who sent it. */
export const importIdOf = (bytes: Buffer, sender: string) => createHash('sha256').update(bytes).update(sender).digest('hex').slice(0, 8);
