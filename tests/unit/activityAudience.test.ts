import { describe, expect, it } from 'vitest';
import { activityReaches, audienceOf } from '../../src/domain/activity.js';

const GRID_JS01 = { code: 'JS-01', level: 3, street: 'JS' };
const GRID_CS01 = { code: 'CS-01', level: 3, street: 'CS' };
const STREET_JS = { code: 'JS', level: 2, street: 'JS' };
const DISTRICT = { code: 'OH', level: 1, street: null };

describe('who an activity is for', () => {
  it.each([
    ['a grid meeting', { type: 'meeting', grid: 'JS-01', street: 'JS' }, { below: 'none' }],
    ['a grid training', { type: 'training', grid: 'JS-01', street: 'JS' }, { below: 'none' }],
    ["a street's meeting", { type: 'meeting', grid: 'JS', street: 'JS' }, { below: 'none' }],
    ["a street's training", { type: 'training', grid: 'JS', street: 'JS' }, { below: 'street', street: 'JS' }],
    ["the bureau's meeting", { type: 'meeting', grid: 'OH', street: undefined }, { below: 'none' }],
    ["the bureau's training", { type: 'training', grid: 'OH', street: null }, { below: 'district' }],
  ])('%s', (_, activity, audience) => {
    expect(audienceOf(activity)).toEqual(audience);
  });

  it.each([
    ['its own grid', { type: 'meeting', grid: 'JS-01', street: 'JS' }, GRID_JS01, true],
    ['another grid', { type: 'training', grid: 'JS-01', street: 'JS' }, { code: 'JS-02', level: 3, street: 'JS' }, false],
    ["a street's training, a grid of the street", { type: 'training', grid: 'JS', street: 'JS' }, GRID_JS01, true],
    ["a street's training, another street's grid", { type: 'training', grid: 'JS', street: 'JS' }, GRID_CS01, false],
    ["a street's meeting, a grid of the street", { type: 'meeting', grid: 'JS', street: 'JS' }, GRID_JS01, false],
    ["a street's training, the street itself", { type: 'training', grid: 'JS', street: 'JS' }, STREET_JS, true],
    ["the bureau's training, any level-3 grid", { type: 'training', grid: 'OH' }, GRID_CS01, true],
    ["the bureau's training, a street's own people", { type: 'training', grid: 'OH' }, STREET_JS, false],
    ["the bureau's law publicity, a level-3 grid", { type: 'lawPublicity', grid: 'OH' }, GRID_JS01, false],
    ["the bureau's training, the district", { type: 'training', grid: 'OH' }, DISTRICT, true],
  ])('%s', (_, activity, grid, reaches) => {
    expect(activityReaches(activity, grid)).toBe(reaches);
  });
});
