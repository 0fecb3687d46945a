import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import type { CommandContext } from '../src/core/context.js';
import { UserError } from '../src/core/errors.js';
import { inspectSheet, importIdOf, MAX_SHEET_BYTES, planSheet } from '../src/import/chatImport.js';
import { applyImport } from '../src/import/applyImport.js';
import { mappingLines, type ImportPlan } from '../src/import/planImport.js';
import { bi, lines, type Text } from '../src/i18n/text.js';
import { discardStashedFile, stashedFile, stashFile } from '../src/outbound/fileStash.js';
import { claimImport } from '../src/store/importClaims.js';
import { FileTooLarge } from '../src/outbound/sender.js';

/** Rows in error shown before "… N more": a phone screen's worth. */
const ERRORS_SHOWN = 10;
const stashKey = (id: string) => `import:${id}`;

const counts = (plan: ImportPlan): Text => {
  const { objects: o, members: m } = plan;
  return bi(`${plan.rows} 行：调查对象 新增 ${o.insert.length}、变更 ${o.update.length}、不变 ${o.unchanged}；成员 新增 ${m.insert.length}、变更 ${m.update.length}、不变 ${m.unchanged}。`,
    `${plan.rows} rows: survey objects ${o.insert.length} new, ${o.update.length} changed, ${o.unchanged} unchanged; members ${m.insert.length} new, ${m.update.length} changed, ${m.unchanged} unchanged.`);
};

async function planOf(ctx: CommandContext, bytes: Buffer): Promise<ImportPlan> {
  const inspected = await inspectSheet(bytes);
  if (!inspected.ok) throw new UserError(inspected.reason);
  const rules = { maxSize: ctx.services.config.GRID_MAX_SIZE, mergeBelow: ctx.services.config.GRID_MERGE_BELOW };
  const plan = await planSheet(bytes, inspected.format, rules);
  if (plan.errors.length) {
    const shown = plan.errors.sort((a, b) => a.row - b.row).slice(0, ERRORS_SHOWN).map((e) => bi(`第 ${e.row} 行：${e.reason['zh-CN']}`, `row ${e.row}: ${e.reason.en}`));
    const more = plan.errors.length - shown.length;
    throw new UserError(lines(bi(`${plan.errors.length} 行有错误，整个文件未导入：`, `${plan.errors.length} rows have errors; nothing was imported:`), ...shown,
      ...(more > 0 ? [bi(`……还有 ${more} 行`, `… and ${more} more`)] : [])));
  }
  return plan;
}

/**
 * The bureau's survey-object sheet through the chat. A file sent to the bot one-to-one runs this
 * with the file: it is fetched (at most 20 MB), judged by its content, and dry-run; the answer is
 * the summary with [确认导入] [取消]. Confirming applies that file (kept in the stash) once.
 */
export default defineCommand({
  name: 'import',
  zh: ['导入'],
  params: ['action', 'id'],
  args: z.object({ action: z.enum(['确认', '取消', 'confirm', 'cancel']).optional(), id: z.string().regex(/^[0-9a-f]{8}$/).optional() }),
  allow: 'streetAdmin',
  changesState: true,
  help: bi('导入调查对象表：把 XLSX 或 CSV 文件私聊发给我，确认后写入', 'Import the survey-object sheet: send me the XLSX or CSV file privately, then confirm'),
  usage: bi('[确认|取消 编号]', '[confirm|cancel ID]'),
  async run(ctx, args) {
    const { redis, queuePrefix } = ctx.services;
    if (args.action && args.id) {
      const bytes = await stashedFile(redis, queuePrefix, stashKey(args.id));
      if (!bytes) throw new UserError(bi(`没有待确认的导入 ${args.id}（可能已取消或已过期）。`, `No pending import ${args.id} (cancelled or expired).`));
      if (args.action === '取消' || args.action === 'cancel') {
        await discardStashedFile(redis, queuePrefix, stashKey(args.id));
        return bi(`已取消导入 ${args.id}，未写入。`, `Import ${args.id} cancelled; nothing written.`);
      }
      const plan = await planOf(ctx, bytes);
      if (!(await claimImport(args.id, ctx.eventKey, ctx.now))) return bi(`导入 ${args.id} 已经执行过，未重复写入。`, `Import ${args.id} was applied already; nothing written again.`);
      // The file stays stashed until it expires: a later press finds it and the claim, and says so.
      await applyImport(plan, ctx.now);
      ctx.auditDetail = `import ${args.id}: ${plan.rows} rows, ${plan.changes.count} changes`;
      return lines(bi(`已导入 ${args.id}。`, `Imported ${args.id}.`), counts(plan));
    }
    const file = ctx.message.attachments?.find((a) => a.kind === 'file');
    if (!file) return bi('请把调查对象表（XLSX 或 CSV）私聊发给我，我先试算，您确认后再写入。', 'Send me the survey-object sheet (XLSX or CSV) privately; I dry-run it and write it once you confirm.');
    let bytes: Buffer;
    try {
      bytes = await ctx.services.download(ctx.message.platform, file.url, MAX_SHEET_BYTES);
    } catch (err) {
      if (err instanceof FileTooLarge) throw new UserError(bi('文件超过 20 MB，未读取。请拆分后再发送，或在服务器上导入：npm run admin -- import 文件', 'The file is over 20 MB and was not read. Split it, or import it on the server: npm run admin -- import FILE'));
      throw err;
    }
    const plan = await planOf(ctx, bytes);
    if (!plan.changes.count) return lines(counts(plan), bi('没有变化，无需导入。', 'Nothing changed; nothing to import.'));
    const id = importIdOf(bytes, ctx.message.senderId);
    await stashFile(redis, queuePrefix, stashKey(id), bytes);
    ctx.auditDetail = `import ${id} dry run: ${plan.rows} rows`;
    return {
      title: bi(`导入试算 ${id}`, `Import dry run ${id}`),
      text: lines(bi(`${file.name ?? ''}（试算，未写入）`, `${file.name ?? ''} (dry run, nothing written)`), counts(plan), ...mappingLines(plan)),
      buttons: [
        { label: bi('确认导入', 'Import'), command: `/导入 确认 ${id}` },
        { label: bi('取消', 'Cancel'), command: `/导入 取消 ${id}` },
      ],
    };
  },
});
