import { quarterOf, quarterRange } from '../domain/attendanceWindow.js';
import { upcomingActivities } from '../store/activities.js';

/**
 * This quarter's activity coverage of some level-3 grids: which have held none yet. One reading for
 * `/活动情况` in a street or the district group and for the console's overview, so both say the same.
 */
export async function quarterCoverage<G extends { code: string }>(grids: readonly G[], now: Date): Promise<{ year: number; quarter: number; without: G[] }> {
  const { year, quarter } = quarterOf(now);
  const { from, to } = quarterRange(year, quarter);
  const held = new Set((await upcomingActivities(from, to)).map((a) => a.grid));
  return { year, quarter, without: grids.filter((g) => !held.has(g.code)) };
}
