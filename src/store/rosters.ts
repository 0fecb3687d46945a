import { byIdOrPass } from './byIdOrPass.js';
import { duplicatesOnly } from './connect.js';
import { inTurn } from './turns.js';
import { GridRosterModel } from './models/gridRoster.js';
import { MemberModel, type GridRole } from './models/member.js';

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
}

export interface MemberFields {
  _id: unknown;
  name: string;
  phone: string;
  unit?: string | null;
  memberships: Array<{ grid: string; role: string }>;
}

const clean = (s: string) => s.replace(/[\t\n]/g, ' ');
/** One line a person: member, name, phone, unit, role, tab-separated. */
export const packRoster = (people: RosterEntry[]) => people.map((p) => [p.member, clean(p.name), p.phone, clean(p.unit), p.role].join('\t')).join('\n');
export function unpackRoster(text: string): RosterEntry[] {
  if (!text) return [];
  return text.split('\n').map((line) => {
    const [member, name, phone, unit, role] = line.split('\t');
    return { member: member!, name: name!, phone: phone!, unit: unit!, role: role as GridRole };
  });
}

const rosterTurn = (grid: string) => `roster:${grid}`;
const entryIn = (m: MemberFields, grid: string): RosterEntry | undefined => {
  const ms = m.memberships.find((x) => x.grid === grid);
  return ms && { member: String(m._id), name: m.name, phone: m.phone, unit: m.unit ?? '', role: ms.role as GridRole };
};

/** A grid's people, as its roster lists them. */
export async function rosterOf(grid: string): Promise<RosterEntry[]> {
  return unpackRoster((await GridRosterModel.findById(grid).lean())?.people ?? '');
}

/** Grids' rosters (all when omitted): a few read by `_id`, the one lookup FerretDB indexes; many, or all, in one streamed pass. */
export async function* rostersOf(grids?: string[]): AsyncGenerator<{ grid: string; people: RosterEntry[] }> {
  for await (const r of byIdOrPass<{ _id: string; people: string }>(GridRosterModel, grids)) yield { grid: r._id, people: unpackRoster(r.people) };
}

/** Writes one grid's roster with `change` applied, in the grid's turn. */
async function changeRoster(grid: string, change: (people: RosterEntry[]) => RosterEntry[]): Promise<void> {
  await inTurn(rosterTurn(grid), async () => {
    const stored = await GridRosterModel.findById(grid).lean();
    const people = packRoster(change(unpackRoster(stored?.people ?? '')));
    if (stored) await GridRosterModel.collection.updateOne({ _id: grid } as never, { $set: { people } });
    else await GridRosterModel.collection.insertOne({ _id: grid, people } as never);
  });
}

/**
 * Brings one member's entries up to date from their stored document: in each grid they belong to,
 * and out of `formerGrids` they left. Idempotent: a re-run writes the same.
 */
export async function syncRosters(memberId: unknown, formerGrids: string[] = []): Promise<void> {
  const m = await MemberModel.findById(memberId, { name: 1, phone: 1, unit: 1, memberships: 1 }).lean<MemberFields>();
  const id = String(memberId);
  const grids = new Set([...formerGrids, ...(m?.memberships.map((x) => x.grid) ?? [])]);
  for (const grid of grids) {
    const entry = m && entryIn(m, grid);
    await changeRoster(grid, (people) => [...people.filter((p) => p.member !== id), ...(entry ? [entry] : [])]);
  }
}

/**
 * Inserts rosters of grids that had none, a thousand at a time; returns the grids whose roster a
 * writer made meanwhile (they met the index), to be rewritten in their turn instead.
 */
async function insertRosters(rosters: Array<{ _id: string; people: string }>): Promise<string[]> {
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
 * without reading the members back: a grid new to the store gets its roster inserted (a re-run
 * meeting it there merges instead); any other has these members' entries replaced in its turn.
 */
export async function writeMembersToRosters(written: Iterable<WrittenMember>, newGrids: Set<string>): Promise<void> {
  const touched = new Map<string, { ids: Set<string>; entries: RosterEntry[] }>();
  const at = (grid: string) => touched.get(grid) ?? touched.set(grid, { ids: new Set(), entries: [] }).get(grid)!;
  for (const m of written) {
    for (const grid of [...m.formerGrids, ...m.memberships.map((x) => x.grid)]) at(grid).ids.add(String(m._id));
    for (const { grid } of m.memberships) at(grid).entries.push(entryIn(m, grid)!);
  }
  const merge = (grid: string) => (people: RosterEntry[]) => [...people.filter((p) => !touched.get(grid)!.ids.has(p.member)), ...touched.get(grid)!.entries];
  const fresh = [...touched.keys()].filter((g) => newGrids.has(g));
  const taken = await insertRosters(fresh.map((grid) => ({ _id: grid, people: packRoster(touched.get(grid)!.entries) })));
  for (const grid of [...taken, ...[...touched.keys()].filter((g) => !newGrids.has(g))]) await changeRoster(grid, merge(grid));
}

/**
 * Rebuilds the rosters of some grids (all when omitted) from the members, one pass over them:
 * after members were written around the bot (seed, import, restore). New rosters are inserted in
 * batches; a changed one is rewritten in its grid's turn. Returns how many were written.
 */
export async function rebuildRosters(grids?: string[]): Promise<number> {
  const wanted = grids && new Set(grids);
  const byGrid = new Map<string, RosterEntry[]>(grids?.map((g) => [g, []]));
  const memberFilter = grids ? { 'memberships.grid': { $in: grids } } : {};
  const [stored] = await Promise.all([
    GridRosterModel.find(grids ? { _id: { $in: grids } } : {}).lean(),
    (async () => {
      for await (const m of MemberModel.find(memberFilter, { name: 1, phone: 1, unit: 1, memberships: 1 }).lean<MemberFields>().cursor({ batchSize: 5000 })) {
        for (const { grid } of m.memberships) if (!wanted || wanted.has(grid)) (byGrid.get(grid) ?? byGrid.set(grid, []).get(grid)!).push(entryIn(m, grid)!);
      }
    })(),
  ]);
  const before = new Map(stored.map((r) => [r._id, sortedPeople(r.people)]));
  for (const g of before.keys()) if (!byGrid.has(g)) byGrid.set(g, []);
  const inserts: Array<{ _id: string; people: string }> = [];
  const changed: Array<[string, RosterEntry[]]> = [];
  for (const [grid, people] of byGrid) {
    const packed = packRoster(people.sort((a, b) => (a.member < b.member ? -1 : 1)));
    if (!before.has(grid)) inserts.push({ _id: grid, people: packed });
    else if (before.get(grid) !== packed) changed.push([grid, people]);
  }
  for (const grid of await insertRosters(inserts)) changed.push([grid, byGrid.get(grid)!]);
  for (const [grid, people] of changed) await changeRoster(grid, () => people);
  return inserts.length + changed.length;
}

const sortedPeople = (text: string) => packRoster(unpackRoster(text).sort((a, b) => (a.member < b.member ? -1 : 1)));
