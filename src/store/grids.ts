import { GridModel, type Grid } from './models/grid.js';

/** Grid names by code, for replies that list memberships or grids. */
export async function gridNames(codes: string[]): Promise<Map<string, string>> {
  const grids = await GridModel.find({ code: { $in: [...new Set(codes)] } }, { _id: 0, code: 1, name: 1 }).lean();
  return new Map(grids.map((g) => [g.code, g.name]));
}

/** A grid by its code, if there is one. */
export async function gridByCode(code: string): Promise<Grid | undefined> {
  return (await GridModel.findOne({ code }).lean<Grid>()) ?? undefined;
}

/** Grids by their codes, with where they sit in the tree. */
export async function gridsByCode(codes: string[]): Promise<Array<{ code: string; level: number; street?: string | null }>> {
  return GridModel.find({ code: { $in: [...new Set(codes)] } }, { _id: 0, code: 1, level: 1, street: 1 }).lean();
}

/** The streets (level-2 grids), by code and name. */
export async function streetList(): Promise<Array<{ code: string; name: string }>> {
  return GridModel.find({ level: 2 }, { code: 1, name: 1 }).lean();
}

/** The level-3 grids of a street, or of the district when none is named, by code. */
export async function levelThreeGrids(street?: string): Promise<Array<{ code: string; name: string }>> {
  return GridModel.find(street ? { level: 3, street } : { level: 3 }, { code: 1, name: 1 }).sort({ code: 1 }).lean();
}

/** The streets some grids (only those of a level, if given) lie in, each once. */
export async function streetsOfGrids(codes: string[], level?: number): Promise<string[]> {
  const grids = await GridModel.find({ code: { $in: codes }, ...(level ? { level } : {}) }, { street: 1 }).lean();
  return [...new Set(grids.map((g) => g.street).filter((s): s is string => !!s))];
}

/** Marks a grid excellent for a year, or takes the mark back. */
export async function markExcellent(code: string, year: number, excellent: boolean): Promise<void> {
  await GridModel.updateOne({ code }, excellent ? { $addToSet: { excellentYears: year } } : { $pull: { excellentYears: year } });
}

/** The grids above these (their `parent`s), for going up the grid tree one level. */
export async function parentGrids(codes: string[]): Promise<string[]> {
  const grids = await GridModel.find({ code: { $in: [...new Set(codes)] } }, { parent: 1 }).lean();
  return [...new Set(grids.map((g) => g.parent).filter((p): p is string => !!p))];
}

/** The district's grid (level 1), if the tree has one. */
export async function districtGrid(): Promise<Grid | undefined> {
  return (await GridModel.findOne({ level: 1 }).lean<Grid>()) ?? undefined;
}
