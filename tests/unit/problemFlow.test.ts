import { describe, expect, it } from 'vitest';
import { formatLocal } from '../../src/domain/chinaTime.js';
import {
  ageParts, authorityLevel, escalationMoment, formatProblemNo, holderAuthority, levelAbove, pageOf, parseProblemNo, type EscalationPolicy, type FlowLevel,
} from '../../src/domain/problemFlow.js';
import { DEFAULT_QUIET_HOURS } from '../../src/domain/workCalendar.js';

const policy: EscalationPolicy = { gridDays: 2, streetDays: 3, quiet: DEFAULT_QUIET_HOURS };
const china = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);

describe('problem numbers', () => {
  it.each([
    [1, 'Q-0001'],
    [231, 'Q-0231'],
    [12345, 'Q-12345'],
  ])('%i is written %s', (n, text) => {
    expect(formatProblemNo(n)).toBe(text);
    expect(parseProblemNo(text)).toBe(n);
  });

  it.each([
    ['q-0231', 231],
    ['Q0231', 231],
    ['231', 231],
    [' Q-7 ', 7],
    ['Q-0', undefined],
    ['Q--1', undefined],
    ['abc', undefined],
    ['Q-12a', undefined],
    ['', undefined],
  ])('"%s" is read as %s', (text, n) => {
    expect(parseProblemNo(text)).toBe(n);
  });
});

describe('escalation on the working calendar', () => {
  it.each([
    ['2026-12-01 10:00', 3, '2026-12-03 10:00', 'Tuesday + 2 working days'],
    ['2026-12-04 16:00', 3, '2026-12-08 16:00', 'Friday: the weekend does not count'],
    ['2026-12-08 16:00', 2, '2026-12-11 16:00', 'the street has 3 working days'],
    ['2026-09-29 11:00', 3, '2026-10-08 11:00', 'the National Day holiday (10-01 to 10-07) does not count'],
    ['2026-12-05 11:00', 3, '2026-12-09 08:00', 'raised on a Saturday: counts from Monday morning'],
    ['2026-12-01 22:30', 3, '2026-12-04 08:00', 'raised in quiet hours: due when they end'],
  ])('raised %s at level %i goes up at %s (%s)', (raised, level, expected) => {
    expect(formatLocal(escalationMoment(level as 2 | 3, china(raised), policy)!)).toBe(expected);
  });

  it('falls on a whole minute, the one people are shown', () => {
    const at = escalationMoment(3, new Date('2026-12-01T10:00:37.5+08:00'), policy)!;
    expect(at.toISOString()).toBe('2026-12-03T02:00:00.000Z');
  });

  it('never goes above the bureau', () => {
    expect(escalationMoment(1, china('2026-12-01 10:00'), policy)).toBeUndefined();
    expect([levelAbove(3), levelAbove(2), levelAbove(1)]).toEqual([2, 1, undefined]);
  });
});

describe('who may answer', () => {
  const chain = { 3: 'JS-01', 2: 'JS', 1: 'OH' } as const;
  it.each<[string[], FlowLevel | undefined, FlowLevel | undefined, string]>([
    [['JS-01'], undefined, 3, 'the grid leader'],
    [['JS'], undefined, 2, 'the street admin'],
    [['OH'], undefined, 1, 'the bureau'],
    [['OH', 'JS-01'], undefined, 3, 'both bureau and grid leader: the most local level'],
    [['JS-02'], undefined, undefined, 'a leader of another grid'],
    [[], 2, 2, 'the person it was handed to at the street'],
    [[], undefined, undefined, 'a plain member'],
  ])('leading %j, holding at %s: level %s (%s)', (leads, heldAt, expected) => {
    expect(authorityLevel(chain, new Set(leads), heldAt)).toBe(expected);
  });
});

describe('ages and pages', () => {
  it.each([
    [0, { days: 0, hours: 0, minutes: 0 }],
    [59 * 60_000, { days: 0, hours: 0, minutes: 59 }],
    [4 * 86_400_000 - 25_000, { days: 4, hours: 0, minutes: 0 }],
    [(2 * 24 + 3) * 3600_000 + 5 * 60_000, { days: 2, hours: 3, minutes: 5 }],
    [-1000, { days: 0, hours: 0, minutes: 0 }],
  ])('%i ms is %j', (ms, parts) => {
    expect(ageParts(ms)).toEqual(parts);
  });

  it.each([
    [0, 1, { page: 1, pages: 1, skip: 0 }],
    [25, 2, { page: 2, pages: 3, skip: 10 }],
    [25, 9, { page: 3, pages: 3, skip: 20 }],
    [25, 0, { page: 1, pages: 3, skip: 0 }],
  ])('%i items, page %i', (total, page, expected) => {
    expect(pageOf(total, page, 10)).toEqual(expected);
  });
});

describe('holderAuthority', () => {
  it.each([
    // level held now, level handed at, authority
    [3, 3, 3],
    [2, 3, undefined],
    [1, 3, undefined],
    [2, 2, 2],
    [1, 2, undefined],
    [1, 1, 1],
    [2, undefined, 2],
  ] as const)('held at %s, handed at %s → %s', (level, handedAt, expected) => {
    expect(holderAuthority(level, handedAt)).toBe(expected);
  });
});
