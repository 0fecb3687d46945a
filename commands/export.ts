import { createHash } from 'node:crypto';
import { z } from 'zod';
import { exportCommandLine } from '../src/assessment/texts.js';
import { yearArg } from '../src/assessment/yearArg.js';
import { streetByCodeOrName } from '../src/assessment/workflow.js';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { xlsxBytes } from '../src/exports/chatFile.js';
import { summaryText } from '../src/exports/report.js';
import { REPORTS, yearsAhead, type ReportKind } from '../src/exports/reports.js';
import { bi, lines } from '../src/i18n/text.js';
import { keywordOf } from '../src/domain/keywords.js';
import { stashFile } from '../src/outbound/fileStash.js';
import { megabytes, SEND_FILE_LIMIT } from '../src/platforms/fileLimits.js';

const KINDS: Record<string, ReportKind> = {
  考核: 'assessment', 考核结果: 'assessment', assessment: 'assessment',
  经费: 'budget', 活动经费: 'budget', budget: 'budget',
  考勤: 'attendance', 出勤: 'attendance', attendance: 'attendance',
  月报: 'reports', 月度汇报: 'reports', reports: 'reports',
};

/**
 * The bureau's tables in the chat: a one-line summary per street and the workbook as a file in
 * the chat it was asked in (the file waits in the stash for the outbound queue). A workbook larger
 * than the platform takes is refused with its size and the admin export that writes it.
 */
export default defineCommand({
  name: 'export',
  zh: ['导出'],
  params: ['kind', 'first', 'second'],
  args: z.object({ kind: z.string().max(20), first: z.string().max(20).optional(), second: z.string().max(20).optional() }),
  allow: 'bureauAdmin',
  help: bi('区统计局：考核、经费、考勤、月报表格（Excel 文件发到本群）', 'Bureau: the assessment, budget, attendance or monthly reports workbook (an Excel file into this chat)'),
  usage: bi('考核|经费|考勤|月报 [街道] [年份]', 'assessment|budget|attendance|reports [STREET] [YEAR]'),
  async run(ctx, args) {
    const kind = keywordOf(KINDS, args.kind);
    if (!kind) throw new UserError(bi(`没有「${args.kind}」这张表。可导出：考核、经费、考勤、月报。`, `There is no "${args.kind}" table. Tables: assessment, budget, attendance, reports.`));
    const typed = [args.first, args.second].filter((a): a is string => a !== undefined);
    const yearText = typed.find((a) => /^\d+$/.test(a));
    const streetText = typed.find((a) => a !== yearText);
    const year = yearArg(yearText, ctx.now, yearsAhead(kind));
    const street = streetText ? (await streetByCodeOrName(streetText)).code : undefined;
    const report = await REPORTS[kind](year, ctx.now, street);
    const bytes = await xlsxBytes(report);
    const name = `${report.name}.xlsx`;
    const limit = SEND_FILE_LIMIT[ctx.message.platform];
    if (bytes.length > limit) {
      const cli = exportCommandLine(kind, year, street);
      throw new UserError(bi(`表格有 ${megabytes(bytes.length)}，超过本平台可发送的 ${megabytes(limit)}。请在服务器上导出：${cli}`,
        `The workbook is ${megabytes(bytes.length)}, over the ${megabytes(limit)} this platform takes. Export it on the server: ${cli}`));
    }
    const key = createHash('sha256').update(ctx.eventKey).digest('hex').slice(0, 32);
    await stashFile(ctx.services.redis, ctx.services.queuePrefix, key, bytes);
    return [
      { text: lines(report.summary.title, ...summaryText(report.summary)) },
      { text: name, file: { key, name, size: bytes.length } },
    ];
  },
});
