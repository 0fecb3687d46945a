import { duplicatesOnly, isDuplicateKey } from './connect.js';
import { findByIds } from './findByIds.js';
import { GridRosterModel } from './models/gridRoster.js';
import { MemberModel, type GridRole } from './models/member.js';
import { countRosterChanges, setRosterSizes } from './streetDirectories.js';

/**
 * Each grid's roster (`models/gridRoster.ts`): its people with name, phone, unit and role, kept up
 * to date where memberships, names and units are written, and rebuilt from the members on demand.
 */
export interface RosterEntry {
  member: string;
  name: string;
  phone: string;
  unit: string;
  role: GridRole;
  /** When they joined the grid, if known (see `models/member.ts`). */
  since?: Date;
}

/** What a roster keeps of a person, under their member id. */
type StoredEntry = Omit<RosterEntry, 'member'>;
type StoredRoster = { _id: string; people?: Record<string, StoredEntry> };

export interface MemberFields {
  _id: unknown;
  name: string;
  phone: string;
  unit?: string | null;
  memberships: Array<{ grid: string; role: string; since?: Date | null }>;
}

const entryIn = (m: MemberFields, grid: string): StoredEntry | undefined => {
  const ms = m.memberships.find((x) => x.grid === grid);
  return ms && { name: m.name, phone: m.phone, unit: m.unit ?? '', role: ms.role as GridRole, ...(ms.since && { since: ms.since }) };
};
const listed = (r: StoredRoster | null | undefined): RosterEntry[] => Object.entries(r?.people ?? {}).map(([member, p]) => ({ member, ...p }));

/** A grid's people, as its roster lists them. */
export async function rosterOf(grid: string): Promise<RosterEntry[]> {
  return listed(await GridRosterModel.findById(grid).lean<StoredRoster>());
}

/** Grids' rosters (all when omitted), streamed. */
export async function* rostersOf(grids?: string[]): AsyncGenerator<{ grid: string; people: RosterEntry[] }> {
  const found = grids ? findByIds<StoredRoster>(GridRosterModel, grids) : GridRosterModel.find().lean<StoredRoster>().cursor({ batchSize: 2000 });
  for await (const r of found) {
    yield { grid: r._id, people: listed(r) };
  }
}

/**
 * Sets some members' entries in one grid's roster and removes others', in one atomic update. Setting
 * makes the roster if there is none (of two first writers, the loser's update finds it); removing
 * from none is nothing to do. Returns how many people the roster gained (negative: lost), told by
 * which of these entries were there before the update.
 */
async function writeEntries(grid: string, set: Map<string, StoredEntry>, remove: string[]): Promise<number> {
  if (!set.size && !remove.length) return 0;
  const update = {
    ...(set.size && { $set: Object.fromEntries([...set].map(([id, e]) => [`people.${id}`, e])) }),
    ...(remove.length && { $unset: Object.fromEntries(remove.map((id) => [`people.${id}`, ''])) }),
  };
  const write = () =>
    GridRosterModel.collection.findOneAndUpdate({ _id: grid } as never, update, { upsert: set.size > 0, returnDocument: 'before' });
  const before = ((await write().catch((err: unknown) => {
    if (isDuplicateKey(err)) return write();
    throw err;
  })) as StoredRoster | null)?.people ?? {};
  return [...set.keys()].filter((id) => !(id in before)).length - remove.filter((id) => id in before).length;
}

/**
 * Brings one member's entries up to date from their stored document: in each grid they belong to,
 * and out of `formerGrids` they left. Idempotent: a re-run writes the same.
 */
export async function syncRosters(memberId: unknown, formerGrids: string[] = []): Promise<void> {
  const m = await MemberModel.findById(memberId, { name: 1, phone: 1, unit: 1, memberships: 1 }).lean<MemberFields>();
  const id = String(memberId);
  const grids = new Set([...formerGrids, ...(m?.memberships.map((x) => x.grid) ?? [])]);
  const deltas = new Map<string, number>();
  for (const grid of grids) {
    const entry = m && entryIn(m, grid);
    deltas.set(grid, await writeEntries(grid, new Map(entry ? [[id, entry]] : []), entry ? [] : [id]));
  }
  await countRosterChanges(new Map([...deltas].filter(([, d]) => d)));
}

/** Inserts whole rosters of grids that had none, a thousand at a time; returns the grids a writer made meanwhile. */
async function insertRosters(rosters: Array<{ _id: string; people: Record<string, StoredEntry> }>): Promise<string[]> {
  const taken: string[] = [];
  for (let i = 0; i < rosters.length; i += 1000) {
    const batch = rosters.slice(i, i + 1000);
    await GridRosterModel.collection.insertMany(batch as never[], { ordered: false }).catch((err: unknown) => {
      const positions = duplicatesOnly(err);
      if (!positions) throw err;
      taken.push(...positions.map((p) => batch[p]!._id));
    });
  }
  return taken;
}

/** A member as an import wrote them, and the grids they were in before. */
export interface WrittenMember extends MemberFields {
  formerGrids: string[];
}

/**
 * Brings the rosters of the grids these members joined or left up to date from what was written,
 * without reading the members back: a grid new to the store gets its roster inserted whole (a re-run
 * meeting it there writes the entries instead); any other has these members' entries set or removed.
 */
export async function writeMembersToRosters(written: Iterable<WrittenMember>, newGrids: Set<string>): Promise<void> {
  const touched = new Map<string, { set: Map<string, StoredEntry>; left: Set<string> }>();
  const at = (grid: string) => touched.get(grid) ?? touched.set(grid, { set: new Map(), left: new Set() }).get(grid)!;
  for (const m of written) {
    const id = String(m._id);
    for (const grid of m.formerGrids) at(grid).left.add(id);
    for (const { grid } of m.memberships) at(grid).set.set(id, entryIn(m, grid)!);
  }
  const fresh = [...touched.keys()].filter((g) => newGrids.has(g));
  const taken = await insertRosters(fresh.map((grid) => ({ _id: grid, people: Object.fromEntries(touched.get(grid)!.set) })));
  // New grids are counted (at 0 if nobody joined them), then what each roster gained or lost.
  const deltas = new Map<string, number>([...newGrids].map((g) => [g, 0]));
  for (const grid of fresh) if (!taken.includes(grid)) deltas.set(grid, touched.get(grid)!.set.size);
  for (const grid of [...taken, ...[...touched.keys()].filter((g) => !newGrids.has(g))]) {
    const { set, left } = touched.get(grid)!;
    deltas.set(grid, await writeEntries(grid, set, [...left].filter((id) => !set.has(id))));
  }
  await countRosterChanges(deltas);
}

/**
 * Rebuilds the rosters of some grids (all when omitted) from the members, one pass over them:
 * after members were written around the bot (seed, import, restore). New rosters are inserted in
 * batches; a changed one is replaced whole. Returns how many were written.
 */
export async function rebuildRosters(grids?: string[]): Promise<number> {
  const wanted = grids && new Set(grids);
  const byGrid = new Map<string, Record<string, StoredEntry>>(grids?.map((g) => [g, {}]));
  const memberFilter = grids ? { 'memberships.grid': { $in: grids } } : {};
  const [stored] = await Promise.all([
    GridRosterModel.find(grids ? { _id: { $in: grids } } : {}).lean<StoredRoster[]>(),
    (async () => {
      for await (const m of MemberModel.find(memberFilter, { name: 1, phone: 1, unit: 1, memberships: 1 }).lean<MemberFields>().cursor({ batchSize: 5000 })) {
        for (const { grid } of m.memberships) {
          if (!wanted || wanted.has(grid)) (byGrid.get(grid) ?? byGrid.set(grid, {}).get(grid)!)[String(m._id)] = entryIn(m, grid)!;
        }
      }
    })(),
  ]);
  const before = new Map(stored.map((r) => [r._id, canonical(r.people ?? {})]));
  for (const g of before.keys()) if (!byGrid.has(g)) byGrid.set(g, {});
  const inserts: Array<{ _id: string; people: Record<string, StoredEntry> }> = [];
  const changed: string[] = [];
  for (const [grid, people] of byGrid) {
    if (!before.has(grid)) inserts.push({ _id: grid, people });
    else if (before.get(grid) !== canonical(people)) changed.push(grid);
  }
  changed.push(...(await insertRosters(inserts)));
  for (const grid of changed) await GridRosterModel.collection.replaceOne({ _id: grid } as never, { people: byGrid.get(grid)! });
  await setRosterSizes(new Map([...byGrid].map(([grid, people]) => [grid, Object.keys(people).length])), !grids);
  return inserts.length + changed.length;
}

/** A roster's content as text, member order and field order aside. */
const canonical = (people: Record<string, StoredEntry>) =>
  Object.keys(people).sort().map((id) => {
    const p = people[id]!;
    return [id, p.name, p.phone, p.unit, p.role, p.since?.toISOString() ?? ''].join('\t');
  }).join('\n');
