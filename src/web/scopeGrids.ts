import { gridCensus, type GridSummary } from '../core/access.js';
import type { Services } from '../core/services.js';
import { seesGrid, type Viewer } from './viewer.js';

/** The grids a viewer sees (every level), from the directory's cached census, by code. */
export async function gridsInView(services: Pick<Services, 'redis' | 'queuePrefix' | 'clock'>, v: Viewer): Promise<GridSummary[]> {
  const { grids } = await gridCensus(services);
  return grids.filter((g) => seesGrid(v, g)).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
