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

/**
 * The grids where a member's acknowledgement of a notice counts: of their grids the notice went to
 * (targeted, and bound to a group it was sent in), the first of each street by code, so that the
 * assessment, summing a street's tallies, counts each notice once however many of its grids a member is in.
 */
export function ackGrids<G extends { code: string; street?: string | null; level: number; industry?: string | null }>(
  target: NoticeTarget,
  grids: G[],
  bound: ReadonlySet<string>,
): Array<G & { street: string }> {
  const firsts = new Map<string, G & { street: string }>();
  for (const g of grids) {
    if (!g.street || (g.level !== 2 && g.level !== 3) || !bound.has(g.code) || !targetsGrid(target, g)) continue;
    const first = firsts.get(g.street);
    if (!first || g.code < first.code) firsts.set(g.street, g as G & { street: string });
  }
  return [...firsts.values()];
}
