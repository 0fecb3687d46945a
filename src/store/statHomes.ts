import type { GridRecord } from '../core/context.js';
import { StatHomeModel, type StatHome } from './models/statHome.js';

/**
 * The statistics homes a grid's people use (the "1 + X" model): in a level-3 grid its street's and
 * parks' homes and its own; in a street grid every home of the street; elsewhere every street's
 * and park's home.
 */
const SCOPE_ORDER = ['street', 'park', 'grid'];

export async function homesFor(grid: GridRecord | undefined): Promise<StatHome[]> {
  const shared = { scope: { $in: ['street', 'park'] as Array<'street' | 'park'> } };
  const filter =
    grid?.level === 3
      ? { street: grid.street, $or: [shared, { grid: grid.code }] }
      : grid?.level === 2
        ? { street: grid.code }
        : shared;
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
