import { describe, expect, it } from 'vitest';
import {
  balancedSizes, checkPartitionRules, CROSS_INDUSTRY, DEFAULT_PARTITION_RULES, partitionStreet,
  type PartitionObject, type PartitionResult, type PartitionRules, type StreetGrid,
} from '../../src/domain/gridPartition.js';
import { seededRandom } from '../../src/seed/names.js';

const RULES = DEFAULT_PARTITION_RULES;
const code = (i: number) => `JS-${String(i + 1).padStart(2, '0')}`;

/** "工业:25 贸易:3" → 25 industry objects (ids 工业-001…) and 3 trade ones. */
function street(spec: string): PartitionObject[] {
  return spec.split(' ').flatMap((part) => {
    const [industry, n] = part.split(':') as [string, string];
    return Array.from({ length: Number(n) }, (_, i) => ({ id: `${industry}-${String(i + 1).padStart(3, '0')}`, industry }));
  });
}

/** Grid label → sizes, e.g. { 工业: [13, 12], 跨行业: [9] }. */
function shape(result: PartitionResult): Record<string, number[]> {
  const sizes = new Map<string, number>();
  for (const grid of result.assignment.values()) sizes.set(grid, (sizes.get(grid) ?? 0) + 1);
  const out: Record<string, number[]> = {};
  for (const g of result.newGrids) (out[g.industry] ??= []).push(sizes.get(g.code) ?? 0);
  return out;
}

/** The objects as a later import sees them: each placed where the result put it. */
function placed(objects: PartitionObject[], result: PartitionResult): PartitionObject[] {
  return objects.map((o) => ({ ...o, current: { grid: result.assignment.get(o.id)!, industry: o.industry } }));
}

function invariants(objects: PartitionObject[], grids: StreetGrid[], result: PartitionResult, rules: PartitionRules): void {
  const members = new Map<string, PartitionObject[]>();
  for (const o of objects) {
    const grid = result.assignment.get(o.id);
    expect(grid, `object ${o.id} has a grid`).toBeDefined();
    members.set(grid!, [...(members.get(grid!) ?? []), o]);
  }
  const label = new Map([...grids, ...result.newGrids].map((g) => [g.code, g.industry]));
  for (const [grid, list] of members) {
    expect(list.length).toBeLessThanOrEqual(rules.maxSize);
    if (label.get(grid) !== CROSS_INDUSTRY) expect(new Set(list.map((o) => o.industry))).toEqual(new Set([label.get(grid)]));
  }
}

describe('drawing a street afresh', () => {
  it.each([
    ['exactly 20 of one industry', '工业:20', { 工业: [20] }],
    ['21 split evenly, not 20 + 1', '工业:21', { 工业: [11, 10] }],
    ['41 into three', '工业:41', { 工业: [14, 14, 13] }],
    ['a single object', '房地产:1', { 房地产: [1] }],
    ['a street smaller than the merge threshold', '工业:2 贸易:1', { [CROSS_INDUSTRY]: [3] }],
    ['small industries merged', '工业:25 贸易:3 房地产:2 建筑业:4', { 工业: [13, 12], [CROSS_INDUSTRY]: [9] }],
    ['many small industries', 'a:3 b:3 c:3 d:3 e:3 f:3 g:3 h:3', { [CROSS_INDUSTRY]: [12, 12] }],
    ['a lone small industry takes in the smallest other (no grid of 1)', '工业:20 贸易:10 服务业:9 建筑业:6 村居:5 房地产:1', {
      工业: [20], 贸易: [10], 服务业: [9], 建筑业: [6], [CROSS_INDUSTRY]: [6],
    }],
    ['the pool takes in industries until it reaches the threshold', '工业:30 贸易:5 房地产:1', { 工业: [15, 15], [CROSS_INDUSTRY]: [6] }],
    ['an industry at the threshold keeps its own grid', '工业:5 贸易:4 建筑业:1', { 工业: [5], [CROSS_INDUSTRY]: [5] }],
  ])('%s: %s', (_name, spec, expected) => {
    const objects = street(spec);
    const result = partitionStreet(objects, [], RULES, code);
    expect(shape(result)).toEqual(expected);
    invariants(objects, [], result, RULES);
  });

  it('keeps each industry together inside a cross-industry split', () => {
    const objects = street('a:4 b:4 c:4 d:4 e:4 f:4');
    const result = partitionStreet(objects, [], RULES, code);
    const industriesIn = (grid: string) => new Set(objects.filter((o) => result.assignment.get(o.id) === grid).map((o) => o.industry));
    expect([...industriesIn('JS-01')].sort()).toEqual(['a', 'b', 'c']);
    expect([...industriesIn('JS-02')].sort()).toEqual(['d', 'e', 'f']);
  });

  it('is deterministic whatever order the objects come in', () => {
    const objects = street('工业:33 贸易:7 房地产:2 建筑业:3');
    const a = partitionStreet(objects, [], RULES, code);
    const b = partitionStreet([...objects].reverse(), [], RULES, code);
    expect([...b.assignment].sort()).toEqual([...a.assignment].sort());
    expect(b.newGrids).toEqual(a.newGrids);
  });

  it.each([
    [{ maxSize: 20, mergeBelow: 5 }, true],
    [{ maxSize: 20, mergeBelow: 10 }, true],
    [{ maxSize: 20, mergeBelow: 11 }, false],
    [{ maxSize: 0, mergeBelow: 1 }, false],
    [{ maxSize: 15, mergeBelow: 8 }, true],
    [{ maxSize: 10, mergeBelow: 0 }, false],
  ])('rules %o are accepted: %s', (rules, ok) => {
    if (ok) expect(() => checkPartitionRules(rules)).not.toThrow();
    else expect(() => checkPartitionRules(rules)).toThrow(RangeError);
  });

  it.each([
    [0, []], [1, [1]], [20, [20]], [21, [11, 10]], [40, [20, 20]], [41, [14, 14, 13]],
  ])('balancedSizes(%i, 20) = %o', (n, sizes) => {
    expect(balancedSizes(n, 20)).toEqual(sizes);
  });

  it('holds its invariants on random streets, with every grid at least the merge threshold', () => {
    const random = seededRandom(7);
    for (let round = 0; round < 200; round++) {
      const rules = { maxSize: 5 + Math.floor(random() * 26), mergeBelow: 1 };
      rules.mergeBelow = 1 + Math.floor(random() * Math.ceil(rules.maxSize / 2));
      const spec = ['工业', '贸易', '服务业', '建筑业', '房地产', '村居']
        .map((i) => `${i}:${Math.floor(random() * random() * 70)}`)
        .filter((p) => !p.endsWith(':0'));
      if (!spec.length) continue;
      const objects = street(spec.join(' '));
      const result = partitionStreet(objects, [], rules, code);
      invariants(objects, [], result, rules);
      const sizes = Object.values(shape(result)).flat();
      for (const size of sizes) expect(size).toBeGreaterThanOrEqual(Math.min(rules.mergeBelow, objects.length));
      // Drawing again keeps everything where it is.
      const again = partitionStreet(placed(objects, result), result.newGrids, rules, (i) => `NEW-${i}`);
      expect(again.newGrids).toEqual([]);
      expect(again.assignment).toEqual(result.assignment);
    }
  });
});

describe('drawing again keeps grids stable', () => {
  const objects = street('工业:30 贸易:12 房地产:2 建筑业:3');
  const first = partitionStreet(objects, [], RULES, code);
  const now = placed(objects, first);

  it('re-importing the same objects changes nothing', () => {
    const again = partitionStreet(now, first.newGrids, RULES, (i) => `NEW-${i}`);
    expect(again.newGrids).toEqual([]);
    expect(again.assignment).toEqual(first.assignment);
  });

  it('an industry change moves only that object, into a grid of its new industry', () => {
    const changed = now.map((o) => (o.id === '工业-007' ? { ...o, industry: '贸易' } : o));
    const again = partitionStreet(changed, first.newGrids, RULES, (i) => `NEW-${i}`);
    const moved = [...again.assignment].filter(([id, grid]) => first.assignment.get(id) !== grid);
    expect(moved.map(([id]) => id)).toEqual(['工业-007']);
    const target = first.newGrids.find((g) => g.code === again.assignment.get('工业-007'))!;
    expect(target.industry).toBe('贸易');
    expect(again.newGrids).toEqual([]);
  });

  it('an object that changed street is placed anew', () => {
    const arrived = [...now, { id: 'x-1', industry: '工业', current: { grid: 'XQ-03', industry: '工业' } }];
    const again = partitionStreet(arrived, first.newGrids, RULES, (i) => `NEW-${i}`);
    expect(first.newGrids.find((g) => g.code === again.assignment.get('x-1'))?.industry).toBe('工业');
  });

  it('a newcomer joins the least filled grid of its industry', () => {
    const again = partitionStreet([...now, { id: '工业-999', industry: '工业' }], first.newGrids, RULES, (i) => `NEW-${i}`);
    expect(again.assignment.get('工业-999')).toBe('JS-01');
    expect(again.newGrids).toEqual([]);
  });

  it('a newcomer of a full industry fills room in the cross-industry grid rather than a grid of one', () => {
    const full = street('工业:40 房地产:2 建筑业:3');
    const drawn = partitionStreet(full, [], RULES, code);
    expect(shape(drawn)).toEqual({ 工业: [20, 20], [CROSS_INDUSTRY]: [5] });
    const again = partitionStreet([...placed(full, drawn), { id: '工业-100', industry: '工业' }], drawn.newGrids, RULES, (i) => `NEW-${i}`);
    expect(drawn.newGrids.find((g) => g.code === again.assignment.get('工业-100'))?.industry).toBe(CROSS_INDUSTRY);
    expect(again.newGrids).toEqual([]);
  });

  it('many newcomers of an industry get grids of their own, leaving the others alone', () => {
    const newcomers = Array.from({ length: 25 }, (_, i) => ({ id: `服务业-${i}`, industry: '服务业' }));
    const again = partitionStreet([...now, ...newcomers], first.newGrids, RULES, (i) => `NEW-${i}`);
    expect(again.newGrids).toEqual([{ code: 'NEW-0', industry: '服务业' }, { code: 'NEW-1', industry: '服务业' }]);
    for (const o of now) expect(again.assignment.get(o.id)).toBe(first.assignment.get(o.id));
  });

  it('a lowered maximum moves only the overflow, the last objects by id', () => {
    const one = street('工业:20');
    const drawn = partitionStreet(one, [], RULES, code);
    const again = partitionStreet(placed(one, drawn), drawn.newGrids, { maxSize: 18, mergeBelow: 5 }, (i) => `NEW-${i}`);
    const moved = one.filter((o) => again.assignment.get(o.id) !== 'JS-01').map((o) => o.id);
    expect(moved).toEqual(['工业-019', '工业-020']);
    expect(again.newGrids).toEqual([{ code: 'NEW-0', industry: '工业' }]);
  });
});
