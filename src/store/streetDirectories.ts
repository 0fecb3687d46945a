import { GridModel } from './models/grid.js';
import { StreetDirectoryModel } from './models/streetDirectory.js';

type GridPlace = { code: string; street?: string | null };
export interface StreetDirectory {
  street: string;
  /** People in each level-3 grid's roster, by grid code. */
  grids: Record<string, number>;
}

/** Where each of these grids is counted: the street of each level-3 grid (others are not counted). */
async function streetsOf(codes: string[]): Promise<GridPlace[]> {
  const grids = await GridModel.find({ code: { $in: codes }, level: 3 }, { _id: 0, code: 1, street: 1 }).lean<GridPlace[]>();
  return grids.filter((g) => g.street);
}

/** One `$inc` or `$set` of `grids.<code>` per street document, upserted. */
async function writeByStreet(grids: GridPlace[], op: '$inc' | '$set', value: (code: string) => number): Promise<void> {
  const byStreet = new Map<string, Record<string, number>>();
  for (const g of grids) (byStreet.get(g.street!) ?? byStreet.set(g.street!, {}).get(g.street!)!)[`grids.${g.code}`] = value(g.code);
  if (!byStreet.size) return;
  await StreetDirectoryModel.bulkWrite(
    [...byStreet].map(([street, fields]) => ({ updateOne: { filter: { _id: street }, update: { [op]: fields }, upsert: true } })),
    { ordered: false },
  );
}

/**
 * Adds people to (or, negative, takes them from) grids' counts; a grid counted with 0 is listed
 * with its count unchanged, so a new grid shows before anyone joins it.
 */
export async function countRosterChanges(deltas: Map<string, number>): Promise<void> {
  if (!deltas.size) return;
  await writeByStreet(await streetsOf([...deltas.keys()]), '$inc', (code) => deltas.get(code)!);
}

/**
 * Sets grids' counts to what their rebuilt rosters list; with `all`, every street's document is
 * replaced, each level-3 grid without a roster at 0.
 */
export async function setRosterSizes(sizes: Map<string, number>, all: boolean): Promise<void> {
  if (!all) return writeByStreet(await streetsOf([...sizes.keys()]), '$set', (code) => sizes.get(code)!);
  const byStreet = new Map<string, Record<string, number>>();
  for (const g of await GridModel.find({ level: 3 }, { _id: 0, code: 1, street: 1 }).lean<GridPlace[]>()) {
    if (g.street) (byStreet.get(g.street) ?? byStreet.set(g.street, {}).get(g.street)!)[g.code] = sizes.get(g.code) ?? 0;
  }
  const streets = [...byStreet.keys()];
  if (streets.length) {
    await StreetDirectoryModel.bulkWrite(
      streets.map((street) => ({ updateOne: { filter: { _id: street }, update: { $set: { grids: byStreet.get(street)! } }, upsert: true } })),
      { ordered: false },
    );
  }
  await StreetDirectoryModel.deleteMany({ _id: { $nin: streets } });
}

/** Every street's grids and their counts (a few hundred small documents for a district). */
export async function streetDirectories(): Promise<StreetDirectory[]> {
  const docs = await StreetDirectoryModel.find({}).lean<Array<{ _id: string; grids?: Record<string, number> }>>();
  return docs.map((d) => ({ street: d._id, grids: d.grids ?? {} }));
}
