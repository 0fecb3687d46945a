import { describe, expect, it } from 'vitest';
import { activityReaches, audienceOf, forGridsBelow } from '../../src/domain/activity.js';

const GRID_JS01 = { code: 'JS-01', level: 3, street: 'JS' };
const GRID_CS01 = { code: 'CS-01', level: 3, street: 'CS' };
const STREET_JS = { code: 'JS', level: 2, street: 'JS' };
const DISTRICT = { code: 'OH', level: 1, street: null };
const STREET_TRAINING = { grid: 'JS', street: 'JS', forGridsBelow: true };
const BUREAU_TRAINING = { grid: 'OH', forGridsBelow: true };

describe('who an activity is for', () => {
  it.each([
    ['a grid meeting', 'meeting', 3, false],
    ['a grid training', 'training', 3, false],
    ["a street's meeting", 'meeting', 2, false],
    ["a street's training", 'training', 2, true],
    ["the bureau's law publicity", 'lawPublicity', 1, false],
    ["the bureau's training", 'training', 1, true],
  ] as const)('is held for the grids beneath: %s', (_, type, level, below) => {
    expect(forGridsBelow(type, level)).toBe(below);
  });

  it.each([
    ['a grid activity', { grid: 'JS-01', street: 'JS' }, { below: 'none' }],
    ["a street's own", { grid: 'JS', street: 'JS', forGridsBelow: false }, { below: 'none' }],
    ["a street's training", { grid: 'JS', street: 'JS', forGridsBelow: true }, { below: 'street', street: 'JS' }],
    ["the bureau's own", { grid: 'OH', street: null }, { below: 'none' }],
    ["the bureau's training", { grid: 'OH', street: null, forGridsBelow: true }, { below: 'district' }],
  ])('audience of %s', (_, activity, audience) => {
    expect(audienceOf(activity)).toEqual(audience);
  });

  it.each([
    ['its own grid', { grid: 'JS-01', street: 'JS' }, GRID_JS01, true],
    ['another grid', { grid: 'JS-01', street: 'JS' }, { code: 'JS-02', level: 3, street: 'JS' }, false],
    ["a street's training, a grid of the street", STREET_TRAINING, GRID_JS01, true],
    ["a street's training, another street's grid", STREET_TRAINING, GRID_CS01, false],
    ["a street's meeting, a grid of the street", { grid: 'JS', street: 'JS' }, GRID_JS01, false],
    ["a street's training, the street itself", STREET_TRAINING, STREET_JS, true],
    ["the bureau's training, any level-3 grid", BUREAU_TRAINING, GRID_CS01, true],
    ["the bureau's training, a street's own people", BUREAU_TRAINING, STREET_JS, false],
    ["the bureau's meeting, a level-3 grid", { grid: 'OH' }, GRID_JS01, false],
    ["the bureau's training, the district", BUREAU_TRAINING, DISTRICT, true],
  ])('%s', (_, activity, grid, reaches) => {
    expect(activityReaches(activity, grid)).toBe(reaches);
  });
});
