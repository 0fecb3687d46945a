import { GridModel } from './models/grid.js';

/** Grid names by code, for replies that list memberships or grids. */
export async function gridNames(codes: string[]): Promise<Map<string, string>> {
  const grids = await GridModel.find({ code: { $in: [...new Set(codes)] } }, { _id: 0, code: 1, name: 1 }).lean();
  return new Map(grids.map((g) => [g.code, g.name]));
}
