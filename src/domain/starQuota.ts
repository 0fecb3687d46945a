/**
 * The plan's star ratings: at least 80% of assessed members should pass; among those who pass,
 * 10% get three stars, 30% two stars and the rest (60% when the numbers divide) one star; rewards
 * 2,000 / 1,500 / 1,000 yuan.
 *
 * - Quotas by largest remainder: each tier gets the floor of its exact share, and the seats left go
 *   to the largest fractions (an equal fraction to the higher tier), so a small street still gets
 *   its 10% and 30% where the numbers allow (7 passers: 1 · 2 · 4).
 * - Passers are ranked by score, then by the tie-breakers in order (attendance, monthly reports,
 *   returns, notices: rates, higher first), then by the street's own picks. Seats are filled in
 *   rank order, so quotas are exact.
 * - Members equal on score and every tie-breaker are a tie. A tie straddling a quota boundary that the
 *   street has not decided (its picks do not cover the seats above the boundary) is reported as
 *   pending; until then its members are placed by id, so the counts are right but the names wait.
 */
export interface StarRules {
  passRate: number;
  threeStarShare: number;
  twoStarShare: number;
  rewards: Record<Stars, number>;
}

export type Stars = 1 | 2 | 3;

export const DEFAULT_STAR_RULES: StarRules = {
  passRate: 0.8,
  threeStarShare: 0.1,
  twoStarShare: 0.3,
  rewards: { 1: 1000, 2: 1500, 3: 2000 },
};

export interface Scored {
  id: string;
  score: number;
  passed: boolean;
  /** Compared in order after the score, higher first. */
  tieBreakers?: number[];
  /** The street's order within a tie (1 first); unpicked members follow the picked. */
  pick?: number;
}

/** A tie the street must decide: `seats` of its members get `tier`, the rest the tier below. */
export interface PendingTie {
  tier: Exclude<Stars, 1>;
  seats: number;
  members: string[];
}

export interface StarResult {
  stars: Map<string, Stars>;
  counts: Record<Stars, number>;
  quotas: { three: number; two: number };
  assessed: number;
  passed: number;
  passRate: number;
  /** True when fewer than `passRate` of those assessed passed: the street must look again. */
  passRateWarning: boolean;
  rewardTotal: number;
  pendingTies: PendingTie[];
}

/** Seats per tier (three, two, one) for n passers by largest remainder; immune to binary fractions. */
export function starQuotas(n: number, rules: Pick<StarRules, 'threeStarShare' | 'twoStarShare'> = DEFAULT_STAR_RULES): [number, number, number] {
  const shares = [rules.threeStarShare, rules.twoStarShare, 1 - rules.threeStarShare - rules.twoStarShare];
  const exact = shares.map((s) => Math.round(s * n * 1e9) / 1e9);
  const seats = exact.map(Math.floor);
  const fraction = (i: number) => Math.round((exact[i]! - seats[i]!) * 1e9);
  const byFraction = [0, 1, 2].sort((a, b) => fraction(b) - fraction(a) || a - b);
  for (let left = n - seats.reduce((x, y) => x + y, 0), i = 0; left > 0; left--, i++) seats[byFraction[i % 3]!]! += 1;
  return seats as [number, number, number];
}

const tieKey = (m: Scored) => [m.score, ...(m.tieBreakers ?? [])];

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (b[i] ?? 0) - (a[i] ?? 0);
  return 0;
}

const byRank = (a: Scored, b: Scored) =>
  compareKeys(tieKey(a), tieKey(b)) || (a.pick ?? Infinity) - (b.pick ?? Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Passers in rank order, in groups of members tied on score and every tie-breaker. */
export function tieGroups(members: Scored[]): Scored[][] {
  const groups: Scored[][] = [];
  for (const m of members.filter((x) => x.passed).sort(byRank)) {
    const last = groups[groups.length - 1];
    if (last && compareKeys(tieKey(last[0]!), tieKey(m)) === 0) last.push(m);
    else groups.push([m]);
  }
  return groups;
}

export function allotStars(members: Scored[], rules: StarRules = DEFAULT_STAR_RULES): StarResult {
  const groups = tieGroups(members);
  const passed = groups.reduce((n, g) => n + g.length, 0);
  const [three, two] = starQuotas(passed, rules);
  const boundaries: Array<[number, PendingTie['tier']]> = [[three, 3], [three + two, 2]];
  const tierAt = (position: number): Stars => (position < three ? 3 : position < three + two ? 2 : 1);

  const stars = new Map<string, Stars>();
  const counts: Record<Stars, number> = { 1: 0, 2: 0, 3: 0 };
  const pendingTies: PendingTie[] = [];
  let start = 0;
  for (const group of groups) {
    group.forEach((m, i) => {
      const tier = tierAt(start + i);
      stars.set(m.id, tier);
      counts[tier] += 1;
    });
    for (const [boundary, tier] of boundaries) {
      const seats = boundary - start;
      const decided = group.slice(0, seats).every((m) => m.pick !== undefined);
      if (seats > 0 && seats < group.length && !decided) pendingTies.push({ tier, seats, members: group.map((m) => m.id) });
    }
    start += group.length;
  }
  const passRate = members.length ? passed / members.length : 1;
  return {
    stars,
    counts,
    quotas: { three, two },
    assessed: members.length,
    passed,
    passRate,
    passRateWarning: members.length > 0 && passRate < rules.passRate,
    rewardTotal: counts[1] * rules.rewards[1] + counts[2] * rules.rewards[2] + counts[3] * rules.rewards[3],
    pendingTies,
  };
}
