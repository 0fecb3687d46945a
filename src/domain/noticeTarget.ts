/** Who a bureau notice is for: lists of streets, levels and industries, each empty for "all". */
export interface NoticeTarget {
  streets: readonly string[];
  levels: readonly number[];
  industries: readonly string[];
}

/**
 * Whether a notice takes in a grid: the rule its grid filter (`gridFilter`) applies in the store,
 * for when the grids are already in hand. A list that is set excludes a grid lacking the field.
 */
export function targetsGrid(target: NoticeTarget, grid: { street?: string | null; level: number; industry?: string | null }): boolean {
  const within = (list: readonly (string | number)[], value: string | number | null | undefined) =>
    !list.length || (value !== null && value !== undefined && list.includes(value));
  return within(target.streets, grid.street) && within(target.levels, grid.level) && within(target.industries, grid.industry);
}
