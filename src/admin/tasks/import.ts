import { checkPartitionRules } from '../../domain/gridPartition.js';
import { applyImport } from '../../import/applyImport.js';
import { formatSizes, summarizeSizes } from '../../import/gridSizes.js';
import { CHANGES_KEPT, mappingLines, planImport } from '../../import/planImport.js';
import { readSheet } from '../../import/readSheet.js';
import { UserError } from '../../core/errors.js';
import { pick } from '../../i18n/text.js';
import { defineTask, parseOptions } from '../task.js';

/** Lines of errors or changes printed before "… and N more": as many change lines as a plan keeps. */
const SHOWN = CHANGES_KEPT;

export default defineTask({
  name: 'import',
  usage: 'import FILE [--dry-run]',
  summary: 'Import survey objects and statisticians from a CSV or XLSX sheet',
  async run(args, app, out) {
    const { positional, options } = parseOptions(args);
    const file = positional[0];
    if (!file) {
      out('Usage: npm run admin -- import FILE [--dry-run]');
      return 2;
    }
    const lang = app.services.config.DEFAULT_LANG;
    const zh = lang === 'zh-CN';
    const rules = { maxSize: app.services.config.GRID_MAX_SIZE, mergeBelow: app.services.config.GRID_MERGE_BELOW };
    checkPartitionRules(rules);
    const dryRun = options.has('dry-run');
    const started = Date.now();
    let plan;
    try {
      plan = await planImport(await readSheet(file), rules);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      out(pick(err.reply, lang));
      return 1;
    }
    const more = (n: number) => n > SHOWN && out(zh ? `……还有 ${n - SHOWN} 条` : `… and ${n - SHOWN} more`);

    if (plan.errors.length) {
      out(zh ? `${file}：${plan.errors.length} 行有错误，整个文件未导入。` : `${file}: ${plan.errors.length} rows have errors; nothing was imported.`);
      for (const e of plan.errors.sort((a, b) => a.row - b.row).slice(0, SHOWN)) out(zh ? `第 ${e.row} 行：${e.reason['zh-CN']}` : `row ${e.row}: ${e.reason.en}`);
      more(plan.errors.length);
      return 1;
    }
    const { objects: o, members: m } = plan;
    const level3 = plan.newGrids.filter((g) => g.level === 3).length;
    out(
      zh
        ? `${file}：${plan.rows} 行。调查对象 新增 ${o.insert.length}、变更 ${o.update.length}、不变 ${o.unchanged}；成员 新增 ${m.insert.length}、变更 ${m.update.length}、不变 ${m.unchanged}；新网格 ${level3} 个。`
        : `${file}: ${plan.rows} rows. Survey objects: ${o.insert.length} new, ${o.update.length} changed, ${o.unchanged} unchanged; members: ${m.insert.length} new, ${m.update.length} changed, ${m.unchanged} unchanged; ${level3} new grids.`,
    );
    for (const line of mappingLines(plan)) out(pick(line, lang));
    for (const line of plan.changes.lines) out(`  ${pick(line, lang)}`);
    more(plan.changes.count);
    const sizes = formatSizes(summarizeSizes(plan.gridSizes.values()), lang);
    out(zh ? `本次涉及街道的三级网格：${sizes}` : `Level-3 grids of these streets: ${sizes}`);
    if (!plan.changes.count) {
      out(zh ? '没有变化，未写入。' : 'Nothing changed; nothing written.');
      return 0;
    }
    if (dryRun) {
      out(zh ? '试运行：以上变化未写入。' : 'Dry run: nothing was written.');
      return 0;
    }
    await applyImport(plan, app.services.clock.now());
    out(zh ? `已导入，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒。` : `Imported in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return 0;
  },
});
