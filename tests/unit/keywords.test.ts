import { describe, expect, it } from 'vitest';
import { parseActivityType } from '../../src/domain/activity.js';
import { parseWhen } from '../../src/domain/when.js';
import { keywordOf } from '../../src/domain/keywords.js';

const ACTIONS: Record<string, string> = { 试算: 'draft', draft: 'draft', 提交: 'submit' };

describe('keywordOf', () => {
  it.each([
    ['试算', 'draft'],
    [' Draft ', 'draft'],
    ['提交', 'submit'],
    ['提交吧', undefined],
    ['', undefined],
    // A plain object answers these from its prototype; a command would then act on a function.
    ['constructor', undefined],
    ['__proto__', undefined],
    ['toString', undefined],
    ['hasOwnProperty', undefined],
    ['valueOf', undefined],
  ])('%j means %j', (typed, meaning) => {
    expect(keywordOf(ACTIONS, typed)).toBe(meaning);
  });

  it('keeps the typed-word parsers to their own words', () => {
    expect(parseActivityType('constructor')).toBeUndefined();
    expect(parseActivityType('例会')).toBe('meeting');
    expect(parseWhen('toString', new Date('2026-03-01T04:00:00Z'))).toBeUndefined();
    expect(parseWhen('明天', new Date('2026-03-01T04:00:00Z'))?.date).toBe('2026-03-02');
  });
});
