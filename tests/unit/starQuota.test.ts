import { describe, expect, it } from 'vitest';
import { allotStars, type Scored } from '../../src/domain/starQuota.js';

const distinct = (n: number, passed = n): Scored[] =>
  Array.from({ length: n }, (_, i) => ({ id: `m${String(i).padStart(4, '0')}`, score: 100 - i * 0.01, passed: i < passed }));

describe('allotStars', () => {
  it.each([
    // passers, three, two, one
    [10, 1, 3, 6],
    [11, 1, 3, 7],
    [99, 9, 29, 61],
    [100, 10, 30, 60],
    [101, 10, 30, 61],
    [1, 0, 0, 1],
    [0, 0, 0, 0],
  ])('%i passers with distinct scores → %i three-star, %i two-star, %i one-star', (n, three, two, one) => {
    const result = allotStars(distinct(n));
    expect(result.counts).toEqual({ 3: three, 2: two, 1: one });
    expect(result.counts[3]).toBeLessThanOrEqual(0.1 * n);
    expect(result.counts[2]).toBeLessThanOrEqual(0.3 * n);
    expect(result.rewardTotal).toBe(three * 2000 + two * 1500 + one * 1000);
  });

  it('gives the highest scores the most stars', () => {
    const result = allotStars(distinct(20));
    expect(result.stars.get('m0000')).toBe(3);
    expect(result.stars.get('m0001')).toBe(3);
    expect(result.stars.get('m0002')).toBe(2);
    expect(result.stars.get('m0007')).toBe(2);
    expect(result.stars.get('m0008')).toBe(1);
  });

  it('gives everyone one star when all are tied (no tier can take the whole tied group)', () => {
    const tied = Array.from({ length: 50 }, (_, i) => ({ id: `t${i}`, score: 80, passed: true }));
    expect(allotStars(tied).counts).toEqual({ 3: 0, 2: 0, 1: 50 });
  });

  it('moves a tied group straddling a quota boundary down whole, never over quota', () => {
    // 20 passers: quotas 2 three-star, 6 two-star. Scores: 99, then three at 95 (cannot all be three-star).
    const members: Scored[] = [
      { id: 'a', score: 99, passed: true },
      { id: 'b', score: 95, passed: true },
      { id: 'c', score: 95, passed: true },
      { id: 'd', score: 95, passed: true },
      ...Array.from({ length: 16 }, (_, i) => ({ id: `z${i}`, score: 70 - i, passed: true })),
    ];
    const result = allotStars(members);
    expect(result.stars.get('a')).toBe(3);
    expect(['b', 'c', 'd'].map((id) => result.stars.get(id))).toEqual([2, 2, 2]);
    expect(result.counts).toEqual({ 3: 1, 2: 6, 1: 13 });
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
