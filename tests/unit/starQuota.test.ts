import { describe, expect, it } from 'vitest';
import { allotStars, starQuotas, type Scored } from '../../src/domain/starQuota.js';

const distinct = (n: number, passed = n): Scored[] =>
  Array.from({ length: n }, (_, i) => ({ id: `m${String(i).padStart(4, '0')}`, score: 100 - i * 0.01, passed: i < passed }));
const tied = (n: number, score = 80, prefix = 't'): Scored[] =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}${String(i).padStart(2, '0')}`, score, passed: true }));

describe('starQuotas (largest remainder)', () => {
  it.each([
    // passers, three, two, one
    [0, 0, 0, 0],
    [1, 0, 0, 1],
    [3, 0, 1, 2],
    [5, 1, 1, 3],
    [7, 1, 2, 4],
    [9, 1, 3, 5],
    [10, 1, 3, 6],
    [11, 1, 3, 7],
    [54, 6, 16, 32],
    [99, 10, 30, 59],
    [100, 10, 30, 60],
    [101, 10, 30, 61],
  ])('%i passers → %i · %i · %i', (n, three, two, one) => {
    expect(starQuotas(n)).toEqual([three, two, one]);
  });
});

describe('allotStars', () => {
  it.each([
    [1, 0, 0, 1],
    [3, 0, 1, 2],
    [7, 1, 2, 4],
    [9, 1, 3, 5],
    [10, 1, 3, 6],
    [11, 1, 3, 7],
  ])('%i passers with distinct scores → %i three-star, %i two-star, %i one-star, nothing pending', (n, three, two, one) => {
    const result = allotStars(distinct(n));
    expect(result.counts).toEqual({ 3: three, 2: two, 1: one });
    expect(result.pendingTies).toEqual([]);
    expect(result.rewardTotal).toBe(three * 2000 + two * 1500 + one * 1000);
  });

  it('gives the highest scores the most stars', () => {
    const result = allotStars(distinct(20));
    expect(['m0000', 'm0001', 'm0002', 'm0007', 'm0008'].map((id) => result.stars.get(id))).toEqual([3, 3, 2, 2, 1]);
  });

  it.each([1, 3, 7, 9, 10, 11])('keeps the quotas when all %i passers are tied, and asks the street', (n) => {
    const result = allotStars(tied(n));
    const [three, two, one] = starQuotas(n);
    expect(result.counts).toEqual({ 3: three, 2: two, 1: one });
    const expected = [
      ...(three > 0 ? [{ tier: 3, seats: three, members: tied(n).map((m) => m.id) }] : []),
      ...(two > 0 && one > 0 ? [{ tier: 2, seats: three + two, members: tied(n).map((m) => m.id) }] : []),
    ];
    expect(result.pendingTies).toEqual(expected);
  });

  it('decides an all-tied street by its picks, in the order picked', () => {
    const members = tied(10).map((m, i) => (i >= 6 ? { ...m, pick: 10 - i } : m)); // t09 first, then t08, t07, t06
    const result = allotStars(members);
    expect(['t09', 't08', 't07', 't06', 't00'].map((id) => result.stars.get(id))).toEqual([3, 2, 2, 2, 1]);
    expect(result.pendingTies).toEqual([]);
  });

  it('breaks a tie by attendance, then reports, returns and notices, before asking the street', () => {
    const members: Scored[] = [
      { id: 'a', score: 90, passed: true, tieBreakers: [0.9, 1, 1, 1] },
      { id: 'b', score: 90, passed: true, tieBreakers: [1, 0.5, 1, 1] },
      { id: 'c', score: 90, passed: true, tieBreakers: [1, 1, 0.5, 1] },
      ...distinct(7).map((m) => ({ ...m, score: 70 - m.score / 100 })),
    ];
    const result = allotStars(members); // 10 passers: one three-star seat, three two-star
    expect(result.stars.get('c')).toBe(3);
    expect(result.stars.get('b')).toBe(2);
    expect(result.stars.get('a')).toBe(2);
    expect(result.pendingTies).toEqual([]);
  });

  describe('two tied at each boundary (10 passers: 1 · 3 · 6)', () => {
    const base = distinct(10);
    it('at the three-star boundary', () => {
      const members = base.map((m, i) => (i <= 1 ? { ...m, score: 100 } : m));
      const result = allotStars(members);
      expect(result.counts).toEqual({ 3: 1, 2: 3, 1: 6 });
      expect(result.pendingTies).toEqual([{ tier: 3, seats: 1, members: ['m0000', 'm0001'] }]);
      const decided = allotStars(members.map((m) => (m.id === 'm0001' ? { ...m, pick: 1 } : m)));
      expect([decided.stars.get('m0001'), decided.stars.get('m0000')]).toEqual([3, 2]);
      expect(decided.pendingTies).toEqual([]);
    });
    it('at the two-star boundary', () => {
      const members = base.map((m, i) => (i === 4 ? { ...m, score: base[3]!.score } : m));
      const result = allotStars(members);
      expect(result.counts).toEqual({ 3: 1, 2: 3, 1: 6 });
      expect(result.pendingTies).toEqual([{ tier: 2, seats: 1, members: ['m0003', 'm0004'] }]);
    });
    it('a tie entirely inside a tier needs no decision', () => {
      const members = base.map((m, i) => (i === 2 ? { ...m, score: base[1]!.score } : m));
      expect(allotStars(members).pendingTies).toEqual([]);
    });
  });

  it.each([
    [10, 8, false],
    [10, 7, true],
    [5, 4, false],
    [1, 0, true],
    [0, 0, false],
  ])('%i assessed, %i passed → pass-rate warning %s', (n, passed, warning) => {
    const result = allotStars(distinct(n, passed));
    expect(result.passRateWarning).toBe(warning);
    expect(result.passed).toBe(passed);
  });

  it('gives nobody stars when nobody passes', () => {
    const result = allotStars(distinct(12, 0));
    expect(result.stars.size).toBe(0);
    expect(result.rewardTotal).toBe(0);
    expect(result.passRateWarning).toBe(true);
  });
});
