import { gridBudget, type BudgetRules } from '../domain/budget.js';
import { loadRules } from '../assessment/settings.js';
import { GridModel } from '../store/models/grid.js';
import { memberCounts } from '../store/memberCounts.js';

/** A level-3 grid's activity funds for a year: by its directory now, 20% more if rated excellent the year before. */
export interface GridBudgetRow {
  street: string;
  code: string;
  name: string;
  industry: string;
  members: number;
  excellentLastYear: boolean;
  /** Funds before the excellence bonus, and with it. */
  base: number;
  total: number;
}

export async function gridBudgets(year: number, streets?: string[], rules?: BudgetRules): Promise<GridBudgetRow[]> {
  const [grids, budget] = await Promise.all([
    GridModel.find({ level: 3, ...(streets && { street: { $in: streets } }) }, { code: 1, name: 1, industry: 1, street: 1, excellentYears: 1 }).lean(),
    rules ?? loadRules().then((r) => r.budget),
  ]);
  const counts = await memberCounts(streets ? grids.map((g) => g.code) : undefined);
  return grids
    .map((g) => {
      const members = counts.get(g.code) ?? 0;
      const excellentLastYear = g.excellentYears.includes(year - 1);
      return {
        street: g.street ?? '',
        code: g.code,
        name: g.name,
        industry: g.industry ?? '',
        members,
        excellentLastYear,
        base: gridBudget(members, false, budget),
        total: gridBudget(members, excellentLastYear, budget),
      };
    })
    .sort((a, b) => a.street.localeCompare(b.street) || a.code.localeCompare(b.code));
}

export interface BudgetTotals {
  grids: number;
  members: number;
  excellent: number;
  base: number;
  total: number;
}

export function budgetTotals(rows: GridBudgetRow[]): BudgetTotals {
  return rows.reduce(
    (t, r) => ({ grids: t.grids + 1, members: t.members + r.members, excellent: t.excellent + (r.excellentLastYear ? 1 : 0), base: t.base + r.base, total: t.total + r.total }),
    { grids: 0, members: 0, excellent: 0, base: 0, total: 0 },
  );
}
