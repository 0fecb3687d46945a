import { z } from 'zod';
import { loadRules } from '../src/assessment/settings.js';
import { looksLikeYear, percent, yuan } from '../src/assessment/texts.js';
import { yearArg } from '../src/assessment/yearArg.js';
import { gridBudgets } from '../src/budgets/gridBudgets.js';
import { gridCodeArg } from '../src/core/argTypes.js';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { bi } from '../src/i18n/text.js';
import { gridByCode, markExcellent } from '../src/store/grids.js';

const UNDO = new Set(['取消', '撤销', 'undo', 'off']);
const USAGE = bi('用法：/优秀网格 网格编号 [年份] [取消]', 'Usage: /excellent GRID [YEAR] [undo]');

export default defineCommand({
  name: 'excellent',
  zh: ['优秀网格'],
  params: ['code', 'year', 'undo'],
  args: z.object({ code: gridCodeArg, year: z.string().max(10).optional(), undo: z.string().max(10).optional() }),
  allow: 'bureauAdmin',
  changesState: true,
  help: bi('区统计局评定优秀网格（次年活动经费上浮 20%），加“取消”撤销', 'Bureau: rate a grid excellent (20% more funds next year); add "undo" to take it back'),
  usage: bi('网格编号 [年份] [取消]', 'GRID [YEAR] [undo]'),
  async run(ctx, args) {
    const words = [args.year, args.undo].filter((w): w is string => w !== undefined);
    const yearText = words.find(looksLikeYear);
    const others = words.filter((w) => w !== yearText);
    if (others.length > 1 || (others[0] !== undefined && !UNDO.has(others[0].toLowerCase()))) throw new UserError(USAGE);
    const undo = others.length === 1;
    const year = yearArg(yearText, ctx.now);
    const code = args.code.toUpperCase();
    const grid = await gridByCode(code);
    if (!grid) throw new UserError(bi(`没有编号为 ${code} 的网格。`, `There is no grid ${code}.`));
    if (grid.level !== 3) throw new UserError(bi(`${grid.name}不是三级网格；优秀网格在三级网格中评定。`, `${grid.name} is not a level-3 grid; excellent grids are rated among level-3 grids.`));
    const marked = grid.excellentYears.includes(year);
    if (marked !== undo) {
      return undo
        ? bi(`${grid.name}不是 ${year} 年的优秀网格，无需取消。`, `${grid.name} is not rated excellent for ${year}; nothing to undo.`)
        : bi(`${grid.name}已是 ${year} 年的优秀网格。`, `${grid.name} is already rated excellent for ${year}.`);
    }
    await markExcellent(code, year, !undo);
    ctx.auditDetail = `${undo ? 'unmarked' : 'marked'} ${code} excellent for ${year}`;
    const rules = (await loadRules()).budget;
    const next = (await gridBudgets(year + 1, [grid.street!], rules)).find((r) => r.code === code)!;
    return undo
      ? bi(`已取消${grid.name}的 ${year} 年优秀网格评定；${year + 1} 年活动经费为 ${yuan(next.total)} 元。`, `${grid.name} is no longer rated excellent for ${year}; its ${year + 1} funds are ${yuan(next.total)} yuan.`)
      : bi(
          `已评定${grid.name}为 ${year} 年优秀网格；${year + 1} 年活动经费上浮 ${percent(rules.excellentBonus)}：${yuan(next.base)} → ${yuan(next.total)} 元。`,
          `${grid.name} is rated excellent for ${year}; its ${year + 1} funds rise by ${percent(rules.excellentBonus)}: ${yuan(next.base)} → ${yuan(next.total)} yuan.`,
        );
  },
});
