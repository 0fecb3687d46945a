import { GridModel } from './models/grid.js';

/** Up to this many codes are read one `_id` lookup each; more, in one query (see the Grid model). */
const BY_ID_LIMIT = 50;

/** Grid names by code, for replies that list memberships or grids. */
export async function gridNames(codes: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  const grids =
    unique.length <= BY_ID_LIMIT
      ? (await Promise.all(unique.map((code) => GridModel.findById(code, { code: 1, name: 1 }).lean()))).filter((g) => g !== null)
      : await GridModel.find({ code: { $in: unique } }, { code: 1, name: 1 }).lean();
  return new Map(grids.map((g) => [g.code, g.name]));
}
