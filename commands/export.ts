import { z } from 'zod';
import { exportHint, yearArg } from '../src/assessment/texts.js';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { summaryText } from '../src/exports/report.js';
import { REPORTS, yearsAhead, type ReportKind } from '../src/exports/reports.js';
import { bi, lines } from '../src/i18n/text.js';
import { keywordOf } from '../src/domain/keywords.js';

const KINDS: Record<string, ReportKind> = {
  考核: 'assessment', 考核结果: 'assessment', assessment: 'assessment',
  经费: 'budget', 活动经费: 'budget', budget: 'budget',
  考勤: 'attendance', 出勤: 'attendance', attendance: 'attendance',
};

/**
 * The bureau's tables in the chat: the summary by street. Our platform adapters cannot send
 * files, so the reply says where the workbook comes from (the admin export).
 */
export default defineCommand({
  name: 'export',
  zh: ['导出'],
  params: ['kind', 'year'],
  args: z.object({ kind: z.string().max(20), year: z.string().max(10).optional() }),
  allow: 'bureauAdmin',
  help: bi('区统计局：考核、经费、考勤汇总（完整表格用管理命令导出）', 'Bureau: assessment, budget or attendance summary (the full workbook comes from the admin export)'),
  usage: bi('考核|经费|考勤 [年份]', 'assessment|budget|attendance [YEAR]'),
  async run(ctx, args) {
    const kind = keywordOf(KINDS, args.kind);
    if (!kind) throw new UserError(bi(`没有「${args.kind}」这张表。可导出：考核、经费、考勤。`, `There is no "${args.kind}" table. Tables: assessment, budget, attendance.`));
    const year = yearArg(args.year, ctx.now, yearsAhead(kind));
    const { summary } = await REPORTS[kind](year, ctx.now);
    return lines(summary.title, ...summaryText(summary), exportHint(kind, year));
  },
});
