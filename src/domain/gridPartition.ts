/**
 * The plan's rule for level-3 grids, per street: survey objects of one industry, at most `maxSize`
 * per grid; industries with fewer than `mergeBelow` objects in the street share cross-industry grids.
 * Stable: an object keeps its grid while that grid still fits its industry and has room.
 */
export const CROSS_INDUSTRY = '跨行业';

export interface PartitionRules {
  maxSize: number;
  /** An industry with fewer objects than this in a street goes into a cross-industry grid. */
  mergeBelow: number;
}

export const DEFAULT_PARTITION_RULES: PartitionRules = { maxSize: 20, mergeBelow: 5 };

export interface PartitionObject {
  id: string;
  industry: string;
  /** The grid it is in now, if any. */
  grid?: string;
}

export interface ExistingGrid {
  code: string;
  industry: string;
}

export interface PartitionResult {
  /** Object id → grid code, for every object. */
  assignment: Map<string, string>;
  /** Grids to create, in code order. */
  newGrids: ExistingGrid[];
}

/** The grid label an industry takes in this street: itself, or cross-industry when small. */
export function gridIndustries(objects: PartitionObject[], rules: PartitionRules): Map<string, string> {
  const counts = new Map<string, number>();
  for (const o of objects) counts.set(o.industry, (counts.get(o.industry) ?? 0) + 1);
  const smallTotal = [...counts.values()].filter((n) => n < rules.mergeBelow).reduce((a, b) => a + b, 0);
  const label = new Map<string, string>();
  for (const [industry, n] of counts) {
    // A lone small industry stays itself: merging it with nothing would only rename it.
    const merge = n < rules.mergeBelow && smallTotal > n;
    label.set(industry, merge ? CROSS_INDUSTRY : industry);
  }
  return label;
}

/** Splits n objects into the fewest grids of at most max, as evenly as possible (21 → 11 + 10). */
export function balancedSizes(n: number, max: number): number[] {
  if (n <= 0) return [];
  const k = Math.ceil(n / max);
  const base = Math.floor(n / k);
  return Array.from({ length: k }, (_, i) => base + (i < n % k ? 1 : 0));
}

export function partitionStreet(
  objects: PartitionObject[],
  existing: ExistingGrid[],
  rules: PartitionRules,
  newCode: (index: number) => string,
): PartitionResult {
  if (rules.maxSize < 1) throw new RangeError('maxSize must be at least 1');
  const label = gridIndustries(objects, rules);
  const assignment = new Map<string, string>();
  const newGrids: ExistingGrid[] = [];
  const gridIndustry = new Map(existing.map((g) => [g.code, g.industry]));
  const load = new Map<string, number>(existing.map((g) => [g.code, 0]));
  const sorted = [...objects].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  // 1. Keep every object whose grid still matches its industry label, while the grid has room.
  const unplaced = new Map<string, PartitionObject[]>();
  for (const o of sorted) {
    const want = label.get(o.industry)!;
    const current = o.grid;
    if (current && gridIndustry.get(current) === want && load.get(current)! < rules.maxSize) {
      assignment.set(o.id, current);
      load.set(current, load.get(current)! + 1);
    } else {
      unplaced.set(want, [...(unplaced.get(want) ?? []), o]);
    }
  }

  // 2. Fill spare room in existing grids of the same label, then open balanced new grids.
  let created = 0;
  for (const [want, group] of [...unplaced].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const queue = [...group];
    const open = existing
      .filter((g) => g.industry === want)
      .map((g) => g.code)
      .sort();
    for (const code of open) {
      while (queue.length && load.get(code)! < rules.maxSize) {
        assignment.set(queue.shift()!.id, code);
        load.set(code, load.get(code)! + 1);
      }
    }
    for (const size of balancedSizes(queue.length, rules.maxSize)) {
      const code = newCode(created++);
      newGrids.push({ code, industry: want });
      for (const o of queue.splice(0, size)) assignment.set(o.id, code);
    }
  }
  return { assignment, newGrids };
}
