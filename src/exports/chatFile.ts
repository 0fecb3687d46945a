import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeXlsx, type Report } from './report.js';

/** The workbook of a report as bytes, to send into a chat (written to a temporary file by the streaming writer). */
export async function xlsxBytes(report: Report): Promise<Buffer> {
  const dir = join(tmpdir(), `statgrid-export-${randomUUID()}`);
  const file = join(dir, `${report.name}.xlsx`);
  try {
    await writeXlsx(report, file);
    return await readFile(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
