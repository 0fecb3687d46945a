/**
 * Level-3 grids of one street, by the plan's rule: survey objects of one industry, at most
 * `maxSize` to a grid; where a street has few objects of an industry, a grid may span industries.
 *
 * Drawing a street afresh:
 *  1. An industry with at least `mergeBelow` objects gets grids of its own: the fewest that hold
 *     it, as even as possible (21 → 11 + 10).
 *  2. The smaller industries are pooled into cross-industry grids (跨行业), split the same way,
 *     each industry's objects kept together.
 *  3. A pool smaller than `mergeBelow` is too small to stand alone (one real-estate firm would make
 *     a grid of one): it takes in the smallest other industry, then the next, until it reaches
 *     `mergeBelow` or none is left. A group of a single industry keeps that industry's name.
 * So every grid holds at most `maxSize` objects and, unless the street has fewer in all, at least
 * `mergeBelow` (a group split into k ≥ 2 grids has at least ceil(maxSize / 2) in each, hence the
 * limit on `mergeBelow`).
 *
 * Drawing again (a re-import) keeps what exists, so nobody changes grid without cause:
 *  - an object stays in its grid while its street and industry are unchanged and the grid has room
 *    (it only overflows when `maxSize` was lowered);
 *  - a new or changed object joins the least filled grid of its industry that has room;
 *  - the rest are drawn as above among themselves, except that an industry with fewer than
 *    `mergeBelow` of them first fills room in the street's cross-industry grids.
 * Objects go in id order and ties to the lower grid code: the result is deterministic.
 */
export const CROSS_INDUSTRY = '跨行业';

export interface PartitionRules {
  maxSize: number;
  /** An industry with fewer objects than this in a street is merged into a cross-industry grid. */
  mergeBelow: number;
}

export const DEFAULT_PARTITION_RULES: PartitionRules = { maxSize: 20, mergeBelow: 5 };

export function checkPartitionRules(rules: PartitionRules): void {
  if (!Number.isInteger(rules.maxSize) || rules.maxSize < 1) throw new RangeError('maxSize must be a whole number ≥ 1');
  const limit = Math.ceil(rules.maxSize / 2);
  if (!Number.isInteger(rules.mergeBelow) || rules.mergeBelow < 1 || rules.mergeBelow > limit) {
    throw new RangeError(`mergeBelow must be a whole number from 1 to ${limit} (half of maxSize, rounded up)`);
  }
}

export interface PartitionObject {
  id: string;
  industry: string;
  /** Its grid now and the industry it had when placed there; absent for a new object. */
  current?: { grid: string; industry: string };
}

export interface StreetGrid {
  code: string;
  /** An industry, or CROSS_INDUSTRY. */
  industry: string;
}

export interface PartitionResult {
  /** Object id → grid code, for every object. */
  assignment: Map<string, string>;
  /** Grids to create, in the order their codes were drawn. */
  newGrids: StreetGrid[];
}

/** Splits n objects into the fewest grids of at most max, as evenly as possible (21 → 11 + 10). */
export function balancedSizes(n: number, max: number): number[] {
  if (n <= 0) return [];
  const k = Math.ceil(n / max);
  const base = Math.floor(n / k);
  return Array.from({ length: k }, (_, i) => base + (i < n % k ? 1 : 0));
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byId = (a: PartitionObject, b: PartitionObject) => compareText(a.id, b.id);

interface Slot extends StreetGrid {
  load: number;
}

/** Grids with room, least filled first (then lowest code): where the next newcomer goes. */
class RoomFinder {
  private readonly open = new Map<string, Slot[]>();
  constructor(
    slots: Iterable<Slot>,
    private readonly max: number,
  ) {
    for (const s of slots) {
      if (s.load >= max) continue;
      const list = this.open.get(s.industry);
      if (list) list.push(s);
      else this.open.set(s.industry, [s]);
    }
  }

  /** Counts one more object into the least filled grid of that label with room, if there is one. */
  take(label: string): Slot | undefined {
    const slots = this.open.get(label);
    if (!slots?.length) return undefined;
    let best = slots[0]!;
    for (const s of slots) if (s.load < best.load || (s.load === best.load && s.code < best.code)) best = s;
    best.load++;
    if (best.load >= this.max) slots.splice(slots.indexOf(best), 1);
    return best;
  }
}

/** Groups the objects by industry, each group in id order. */
function byIndustry(objects: PartitionObject[]): Map<string, PartitionObject[]> {
  const groups = new Map<string, PartitionObject[]>();
  for (const o of objects) {
    const g = groups.get(o.industry);
    if (g) g.push(o);
    else groups.set(o.industry, [o]);
  }
  return groups;
}

/** Steps 1–3 of the fresh draw: the groups that become grids, each with its label. */
function drawGroups(objects: PartitionObject[], rules: PartitionRules): Array<{ label: string; objects: PartitionObject[] }> {
  const industries = [...byIndustry([...objects].sort(byId))];
  const small = industries.filter(([, g]) => g.length < rules.mergeBelow);
  // The industries the pool may take in, smallest first.
  const large = industries
    .filter(([, g]) => g.length >= rules.mergeBelow)
    .sort(([a, ga], [b, gb]) => ga.length - gb.length || compareText(a, b));
  const pool = small.sort(([a], [b]) => compareText(a, b)).flatMap(([, g]) => g);
  const pooled = new Set<string>(small.map(([i]) => i));
  while (pool.length > 0 && pool.length < rules.mergeBelow && large.length > 0) {
    const [industry, g] = large.shift()!;
    pool.push(...g);
    pooled.add(industry);
  }
  const groups = large
    .sort(([a], [b]) => compareText(a, b))
    .map(([label, g]) => ({ label, objects: g }));
  if (pool.length) {
    pool.sort((a, b) => compareText(a.industry, b.industry) || byId(a, b));
    groups.push({ label: pooled.size === 1 ? [...pooled][0]! : CROSS_INDUSTRY, objects: pool });
  }
  return groups;
}

export function partitionStreet(
  objects: PartitionObject[],
  existing: StreetGrid[],
  rules: PartitionRules,
  newCode: (index: number) => string,
): PartitionResult {
  checkPartitionRules(rules);
  const slots = new Map<string, Slot>(existing.map((g) => [g.code, { ...g, load: 0 }]));
  const assignment = new Map<string, string>();

  // Keep: unchanged objects stay while their grid has room.
  const movers: PartitionObject[] = [];
  for (const o of [...objects].sort(byId)) {
    const slot = o.current && o.current.industry === o.industry ? slots.get(o.current.grid) : undefined;
    const fits = slot && (slot.industry === o.industry || slot.industry === CROSS_INDUSTRY) && slot.load < rules.maxSize;
    if (fits) {
      assignment.set(o.id, slot.code);
      slot.load++;
    } else movers.push(o);
  }

  // Join: a grid of the object's own industry with room.
  const room = new RoomFinder(slots.values(), rules.maxSize);
  const left: PartitionObject[] = [];
  for (const o of movers) {
    const slot = room.take(o.industry);
    if (slot) assignment.set(o.id, slot.code);
    else left.push(o);
  }

  // Small leftovers fill room in cross-industry grids; the rest are drawn afresh.
  const fresh: PartitionObject[] = [];
  for (const [, group] of byIndustry(left)) {
    for (const o of group) {
      const slot = group.length < rules.mergeBelow ? room.take(CROSS_INDUSTRY) : undefined;
      if (slot) assignment.set(o.id, slot.code);
      else fresh.push(o);
    }
  }
  const newGrids: StreetGrid[] = [];
  for (const { label, objects: group } of drawGroups(fresh, rules)) {
    let from = 0;
    for (const size of balancedSizes(group.length, rules.maxSize)) {
      const grid = { code: newCode(newGrids.length), industry: label };
      newGrids.push(grid);
      for (const o of group.slice(from, from + size)) assignment.set(o.id, grid.code);
      from += size;
    }
  }
  return { assignment, newGrids };
}
