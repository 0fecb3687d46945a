import { gridCensus, type GridSummary } from '../core/access.js';
import { VersionedCache } from '../core/versionedCache.js';
import { memberCounts } from '../store/memberCounts.js';
import type { Services } from '../core/services.js';
import { seesGrid, type Viewer } from './viewer.js';

/** The grids a viewer sees (every level), from the directory's cached census, by code. */
export async function gridsInView(services: Pick<Services, 'redis' | 'queuePrefix' | 'clock'>, v: Viewer): Promise<GridSummary[]> {
  const { grids } = await gridCensus(services);
  return grids.filter((g) => seesGrid(v, g)).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

const directory = new VersionedCache('directory');

/**
 * People in each grid's directory, the whole district's, read in one pass and kept until the
 * directory changes: every viewer's overview sums its own grids from it (a pass over 150,000 members
 * takes seconds; a `$in` of a street's grids costs a pass as well).
 */
export const directorySizes = (): Promise<Map<string, number>> => directory.get('web:directorySizes', () => memberCounts());
