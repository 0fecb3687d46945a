/**
 * A grid's yearly activity funds: 10,000 yuan in principle, reckoned as 500 yuan per member, so
 * max(10,000, 500 × members); 20% more for a grid rated excellent the year before.
 */
export interface BudgetRules {
  minimum: number;
  perMember: number;
  excellentBonus: number;
}

export const DEFAULT_BUDGET_RULES: BudgetRules = { minimum: 10_000, perMember: 500, excellentBonus: 0.2 };

export function gridBudget(members: number, excellentLastYear: boolean, rules: BudgetRules = DEFAULT_BUDGET_RULES): number {
  if (!Number.isInteger(members) || members < 0) throw new RangeError('members must be a non-negative integer');
  const base = Math.max(rules.minimum, rules.perMember * members);
  return Math.round(excellentLastYear ? base * (1 + rules.excellentBonus) : base);
}
