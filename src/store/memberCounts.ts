import { MemberModel } from './models/member.js';

/**
 * How many people each grid's directory lists (all roles), for some grids or all: one streamed pass
 * over the members, counted here (FerretDB's `$group` is quadratic in the number of groups).
 */
export async function memberCounts(grids?: string[]): Promise<Map<string, number>> {
  const wanted = grids && new Set(grids);
  const counts = new Map<string, number>(grids?.map((g) => [g, 0]));
  const filter = grids ? { 'memberships.grid': { $in: grids } } : {};
  for await (const m of MemberModel.find(filter, { _id: 0, memberships: 1 }).lean<{ memberships: Array<{ grid: string }> }>().cursor({ batchSize: 5000 })) {
    for (const { grid } of m.memberships) if (!wanted || wanted.has(grid)) counts.set(grid, (counts.get(grid) ?? 0) + 1);
  }
  return counts;
}
