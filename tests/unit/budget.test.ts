import { describe, expect, it } from 'vitest';
import { gridBudget } from '../../src/domain/budget.js';

describe('gridBudget', () => {
  it.each([
    [0, false, 10_000],
    [12, false, 10_000],
    [20, false, 10_000],
    [21, false, 10_500],
    [30, false, 15_000],
    [20, true, 12_000],
    [30, true, 18_000],
    [21, true, 12_600],
    [0, true, 12_000],
    [200, false, 100_000],
  ])('%i members, excellent last year %s → %i yuan', (members, excellent, yuan) => {
    expect(gridBudget(members, excellent)).toBe(yuan);
  });

  it('takes configured numbers', () => {
    expect(gridBudget(10, true, { minimum: 8000, perMember: 1000, excellentBonus: 0.5 })).toBe(15_000);
  });

  it('rejects a negative member count', () => {
    expect(() => gridBudget(-1, false)).toThrow(RangeError);
  });
});
