import { byIdOrPass } from './byIdOrPass.js';
import { GridModel } from './models/grid.js';

/** Grid names by code, for replies that list memberships or grids (a grid's `_id` is its code). */
export async function gridNames(codes: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for await (const g of byIdOrPass<{ code: string; name: string }>(GridModel, [...new Set(codes)])) names.set(g.code, g.name);
  return names;
}
