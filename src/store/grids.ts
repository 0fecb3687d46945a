import { byIdOrPass } from './byIdOrPass.js';
import { GridModel } from './models/grid.js';

/** Grid names by code, for replies that list memberships or grids (a grid's `_id` is its code). */
export async function gridNames(codes: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for await (const g of byIdOrPass<{ code: string; name: string }>(GridModel, [...new Set(codes)])) names.set(g.code, g.name);
  return names;
}

/** The grids above these (their `parent`s), for going up the grid tree one level. */
export async function parentGrids(codes: string[]): Promise<string[]> {
  const parents = new Set<string>();
  for await (const g of byIdOrPass<{ parent?: string | null }>(GridModel, [...new Set(codes)])) if (g.parent) parents.add(g.parent);
  return [...parents];
}

/** The streets these grids belong to (a street's own grid is its street). */
export async function streetsOfGrids(codes: string[]): Promise<string[]> {
  const streets = new Set<string>();
  for await (const g of byIdOrPass<{ street?: string | null }>(GridModel, [...new Set(codes)])) if (g.street) streets.add(g.street);
  return [...streets];
}
