import type { GridRecord } from '../core/context.js';
import { isDuplicateKey } from './connect.js';
import { StatHomeModel, type StatHome } from './models/statHome.js';

/**
 * The statistics homes a grid's people use (the "1 + X" model): in a level-3 grid its street's and
 * parks' homes and its own; in a street grid every home of the street; elsewhere every street's
 * and park's home.
 */
const SCOPE_ORDER = ['street', 'park', 'grid', 'district'];

export async function homesFor(grid: GridRecord | undefined): Promise<StatHome[]> {
  const shared = { scope: { $in: ['street', 'park'] as Array<'street' | 'park'> } };
  const district = { scope: 'district' as const };
  const inUse = { retiredAt: { $exists: false } };
  const filter =
    grid?.level === 3
      ? { ...inUse, $or: [{ street: grid.street, ...shared }, { grid: grid.code }, district] }
      : grid?.level === 2
        ? { ...inUse, $or: [{ street: grid.code }, district] }
        : { ...inUse, $or: [shared, district] };
  const homes = await StatHomeModel.find(filter).lean<StatHome[]>();
  // By street; in each, the street's own home first, then its parks', then the grids'.
  return homes.sort(
    (a, b) => a.street.localeCompare(b.street) || SCOPE_ORDER.indexOf(a.scope) - SCOPE_ORDER.indexOf(b.scope) || a.code.localeCompare(b.code),
  );
}

export async function homeByCode(code: string): Promise<StatHome | undefined> {
  return (await StatHomeModel.findOne({ code: code.toUpperCase() }).lean<StatHome>()) ?? undefined;
}

export async function homesNamed(name: string): Promise<StatHome[]> {
  return StatHomeModel.find({ name }).lean<StatHome[]>();
}

/** Adds a home; false when its code is taken (the unique index decides between two at once). */
export async function addHome(home: { code: string; name: string; scope: 'district' | 'street'; street: string; address: string }): Promise<boolean> {
  try {
    await StatHomeModel.create(home);
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** Retires a home in use; false when it was retired already (a conditional update on its absence). */
export async function retireHome(code: string, at: Date, by: string): Promise<boolean> {
  const res = await StatHomeModel.updateOne({ code, retiredAt: { $exists: false } }, { $set: { retiredAt: at, retiredBy: by } });
  return res.modifiedCount === 1;
}
