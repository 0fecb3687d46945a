import { z } from 'zod';
import { loadRules } from '../src/assessment/settings.js';
import { exportHint, percent, yuan } from '../src/assessment/texts.js';
import { yearArg } from '../src/assessment/yearArg.js';
import { placeName, streetRefs } from '../src/assessment/workflow.js';
import { budgetTotals, gridBudgets, type GridBudgetRow } from '../src/budgets/gridBudgets.js';
import { defineCommand } from '../src/core/command.js';
import type { BudgetRules } from '../src/domain/budget.js';
import { bi, lines, type Text } from '../src/i18n/text.js';

function gridText(r: GridBudgetRow, year: number, rules: BudgetRules): Text {
  const bonus = r.excellentLastYear ? bi(`；${year - 1} 年优秀网格，上浮 ${percent(rules.excellentBonus)}`, `; rated excellent in ${year - 1}, +${percent(rules.excellentBonus)}`) : bi('', '');
  return lines(
    bi(`${r.name}（${r.code}）${year} 年活动经费：${yuan(r.total)} 元`, `${r.name} (${r.code}), ${year} activity funds: ${yuan(r.total)} yuan`),
    bi(
      `（网格成员 ${r.members} 人 × ${yuan(rules.perMember)} 元，保底 ${yuan(rules.minimum)} 元，为 ${yuan(r.base)} 元${bonus['zh-CN']}）`,
      `(${r.members} people × ${yuan(rules.perMember)} yuan, at least ${yuan(rules.minimum)} yuan: ${yuan(r.base)} yuan${bonus.en})`,
    ),
  );
}

const rowLine = (r: GridBudgetRow) =>
  bi(`${r.code} ${r.name}：${r.members} 人，${yuan(r.total)} 元${r.excellentLastYear ? '（优秀上浮）' : ''}`, `${r.code} ${r.name}: ${r.members} people, ${yuan(r.total)} yuan${r.excellentLastYear ? ' (excellent bonus)' : ''}`);

function totalLine(label: string, rows: GridBudgetRow[]): Text {
  const t = budgetTotals(rows);
  return bi(`${label}：${t.grids} 个网格，${t.members} 人，合计 ${yuan(t.total)} 元（其中优秀网格 ${t.excellent} 个）`, `${label}: ${t.grids} grids, ${t.members} people, ${yuan(t.total)} yuan in all (${t.excellent} excellent)`);
}

export default defineCommand({
  name: 'budget',
  zh: ['经费'],
  params: ['year'],
  args: z.object({ year: z.string().max(10).optional() }),
  allow: 'leader',
  needsGrid: true,
  help: bi('网格年度活动经费（街道群看各网格，区级群看各街道）', "The grid's yearly activity funds (a street's grids in its group, streets in the district's)"),
  usage: bi('[年份]', '[YEAR]'),
  async run(ctx, args) {
    // Next year's funds are known once this year's excellent grids are marked.
    const year = yearArg(args.year, ctx.now, 1);
    const grid = ctx.grid!;
    const rules = (await loadRules()).budget;
    if (grid.level === 3) {
      const row = (await gridBudgets(year, [grid.street!], rules)).find((r) => r.code === grid.code)!;
      return gridText(row, year, rules);
    }
    if (grid.level === 2) {
      const rows = await gridBudgets(year, [grid.code], rules);
      return lines(totalLine(`${placeName(grid.name)} ${year} 年活动经费`, rows), ...rows.map(rowLine));
    }
    const [rows, streets] = await Promise.all([gridBudgets(year, undefined, rules), streetRefs()]);
    return lines(
      totalLine(`全区 ${year} 年活动经费`, rows),
      ...streets.map((s) => totalLine(s.name, rows.filter((r) => r.street === s.code))),
      exportHint('budget', year),
    );
  },
});
