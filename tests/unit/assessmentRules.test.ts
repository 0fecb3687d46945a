import { describe, expect, it } from 'vitest';
import { parseScore, rankStreet, totalOf, type Candidate } from '../../src/domain/assessmentResults.js';
import { assessmentWindow, deadlinesOver, defaultAssessmentYear, monthlyDeadlines } from '../../src/domain/assessmentYear.js';
import { atLocal } from '../../src/domain/chinaTime.js';
import { targetsGrid } from '../../src/domain/noticeTarget.js';
import { DEFAULT_SCORING_RULES } from '../../src/domain/scoring.js';
import { DEFAULT_STAR_RULES } from '../../src/domain/starQuota.js';

const RULES = { scoring: DEFAULT_SCORING_RULES, stars: DEFAULT_STAR_RULES };
const t = (done: number, expected: number) => ({ done, expected });
/** A plain member whose attendance alone varies: score = 60 + 40 × rate. */
const member = (id: string, attended: number, of = 10): Candidate => ({
  member: id,
  record: { attendance: t(attended, of), returns: t(12, 12), notices: t(0, 0), isLeader: false },
});

describe('assessmentWindow', () => {
  it.each([
    ['during the year: up to now', atLocal('2026-12-20', '10:00'), 2026, atLocal('2026-12-20', '10:00')],
    ['after it: up to its end', atLocal('2027-01-05', '10:00'), 2026, atLocal('2027-01-01', '00:00')],
    ['its first moment, China time', atLocal('2026-01-01', '00:00'), 2026, atLocal('2026-01-01', '00:00')],
  ])('%s', (_name, now, year, asOf) => {
    expect(assessmentWindow(year, now)).toEqual({ year, from: atLocal(`${year}-01-01`, '00:00'), to: atLocal(`${year + 1}-01-01`, '00:00'), asOf });
  });

  it('is undefined before the year begins', () => {
    expect(assessmentWindow(2027, atLocal('2026-12-31', '23:59'))).toBeUndefined();
  });
});

describe('monthly deadlines', () => {
  it('clamps a day the month lacks and is late from the next midnight, China time', () => {
    const d = monthlyDeadlines(2026, 31);
    expect(d.map((x) => x.day).slice(0, 4)).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']);
    expect(d[1]!.lateFrom).toEqual(atLocal('2026-03-01', '00:00'));
  });

  it.each([
    // due day, as of, months over
    [25, '2026-12-20 10:00', 11],
    [25, '2026-12-25 23:59', 11],
    [25, '2026-12-26 00:00', 12],
    [10, '2026-12-20 10:00', 12],
    [10, '2026-01-10 12:00', 0],
    [10, '2026-01-11 00:00', 1],
  ])('due on day %i, as of %s: %i months expected', (due, asOf, months) => {
    const [date, time] = asOf.split(' ') as [string, string];
    expect(deadlinesOver(monthlyDeadlines(2026, due), atLocal(date, time))).toHaveLength(months);
  });
});

describe('targetsGrid (the notice filter, in memory)', () => {
  const grid = { street: 'JS', level: 3, industry: '工业' };
  it.each([
    ['everyone', { streets: [], levels: [], industries: [] }, grid, true],
    ['its street', { streets: ['JS', 'XQ'], levels: [], industries: [] }, grid, true],
    ['another street', { streets: ['XQ'], levels: [], industries: [] }, grid, false],
    ['its level and industry', { streets: [], levels: [3], industries: ['工业'] }, grid, true],
    ['another industry', { streets: [], levels: [], industries: ['贸易'] }, grid, false],
    ['an industry, to a street grid without one', { streets: [], levels: [], industries: ['工业'] }, { street: 'JS', level: 2 }, false],
    ['a street, to the district grid', { streets: ['JS'], levels: [], industries: [] }, { level: 1 }, false],
  ])('%s', (_name, target, g, expected) => {
    expect(targetsGrid(target, g)).toBe(expected);
  });
});

describe('rankStreet', () => {
  it('ranks by score, allots stars among those who pass, and pays rewards', () => {
    const people = Array.from({ length: 10 }, (_, i) => member(`m${i}`, 10 - i)); // 100, 96, … 64
    const { rows, summary } = rankStreet(people, RULES);
    expect(rows.map((r) => [r.member, r.score, r.stars])).toEqual([
      ['m0', 100, 3], ['m1', 96, 2], ['m2', 92, 2], ['m3', 88, 2], ['m4', 84, 1], ['m5', 80, 1], ['m6', 76, 1], ['m7', 72, 1], ['m8', 68, 1], ['m9', 64, 1],
    ]);
    expect(summary).toMatchObject({ assessed: 10, passed: 10, passRateWarning: false, counts: { 1: 6, 2: 3, 3: 1 }, rewardTotal: 2000 + 3 * 1500 + 6 * 1000 });
  });

  it('lets an adjustment replace the score, for pass and stars alike', () => {
    const people = [member('a', 10), member('b', 0, 10), member('c', 5)];
    const adjustment = { score: 95, reason: '借调', by: 'x', at: new Date(0) };
    const { rows, summary } = rankStreet([people[0]!, { ...people[1]!, adjustment }, people[2]!], RULES);
    const b = rows.find((r) => r.member === 'b')!;
    expect(b).toMatchObject({ score: 95, passed: true, stars: 1, reward: 1000 });
    expect(b.computed.score).toBe(60);
    expect(summary.passed).toBe(3);
  });

  it('warns below the pass rate and gives those who fail nothing', () => {
    // Attendance 0 of 10 with returns half done: 20 points, below 60.
    const failing = (id: string): Candidate => ({ member: id, record: { attendance: t(0, 10), returns: t(6, 12), notices: t(0, 0), isLeader: false } });
    const { rows, summary } = rankStreet([member('a', 10), member('b', 10), failing('c'), failing('d')], RULES);
    expect(rows.filter((r) => !r.passed).map((r) => [r.member, r.stars, r.reward])).toEqual([['c', 0, 0], ['d', 0, 0]]);
    expect(summary).toMatchObject({ passRate: 0.5, passRateWarning: true });
  });

  it('ranks nobody in an empty street, without a warning', () => {
    expect(rankStreet([], RULES).summary).toMatchObject({ assessed: 0, passed: 0, passRateWarning: false, rewardTotal: 0 });
  });
});

describe('totalOf', () => {
  it('adds streets up and reckons the district pass rate over everyone assessed', () => {
    const a = rankStreet([member('a', 10), member('b', 10)], RULES).summary;
    const b = rankStreet([member('c', 0, 10), { member: 'd', record: { attendance: t(0, 1), returns: t(0, 1), notices: t(0, 0), isLeader: false } }], RULES).summary;
    expect(totalOf([a, b], 0.8)).toMatchObject({ assessed: 4, passed: 3, passRate: 0.75, passRateWarning: true, rewardTotal: a.rewardTotal + b.rewardTotal });
  });
});

describe('parseScore', () => {
  it.each([
    ['85', 85], ['72.5', 72.5], ['0', 0], ['100', 100], [' 60 ', 60],
    ['100.5', undefined], ['101', undefined], ['-1', undefined], ['8.25', undefined], ['八十', undefined], ['', undefined],
  ])('%j → %s', (text, score) => {
    expect(parseScore(text)).toBe(score);
  });
});

describe('defaultAssessmentYear', () => {
  it.each([
    // year, month, previous year confirmed, default
    [2027, 1, false, 2026],
    [2027, 1, true, 2027],
    [2027, 2, false, 2027],
    [2026, 12, false, 2026],
    [2026, 6, true, 2026],
  ])('%i-%i, previous confirmed %s → %i', (year, month, confirmed, expected) => {
    expect(defaultAssessmentYear({ year, month }, confirmed)).toBe(expected);
  });
});
