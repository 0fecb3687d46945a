/**
 * The plan's star ratings: at least 80% of assessed members should pass; among those who pass,
 * 10% get three stars, 30% two stars and the rest (≥ 60%) one star; rewards 2,000 / 1,500 / 1,000 yuan.
 *
 * Rounding and ties, deterministically:
 * - The three-star quota is ⌊10% × passers⌋ and the two-star quota ⌊30% × passers⌋; rounding down means a
 *   quota is never exceeded (11 passers: 1 three-star, 3 two-star, 7 one-star).
 * - Passers are ranked by score, highest first. A tier takes members in rank order while its quota has
 *   room; when a group of equal scores does not fit whole into the room left, the whole group goes to
 *   the next tier down (no lottery, never over quota). Unused room is not carried to another tier.
 * - Equal scores therefore always get equal stars, and the member id only orders the output.
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
}

/** Floors a share of n, immune to binary fractions (0.3 × 10 = 2.9999…). */
const quota = (share: number, n: number) => Math.floor(Math.round(share * n * 1e9) / 1e9);

export function allotStars(members: Scored[], rules: StarRules = DEFAULT_STAR_RULES): StarResult {
  const passers = members
    .filter((m) => m.passed)
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const quotas = { three: quota(rules.threeStarShare, passers.length), two: quota(rules.twoStarShare, passers.length) };

  // Equal scores form one block; a block enters a tier only whole.
  const blocks: Scored[][] = [];
  for (const m of passers) {
    const last = blocks[blocks.length - 1];
    if (last && last[0]!.score === m.score) last.push(m);
    else blocks.push([m]);
  }
  const stars = new Map<string, Stars>();
  const counts: Record<Stars, number> = { 1: 0, 2: 0, 3: 0 };
  let tier: Stars = 3;
  const room = (t: Stars) => (t === 3 ? quotas.three : t === 2 ? quotas.two : Infinity) - counts[t];
  for (const block of blocks) {
    while (tier > 1 && block.length > room(tier)) tier = (tier - 1) as Stars;
    for (const m of block) stars.set(m.id, tier);
    counts[tier] += block.length;
  }
  const passRate = members.length ? passers.length / members.length : 1;
  return {
    stars,
    counts,
    quotas,
    assessed: members.length,
    passed: passers.length,
    passRate,
    passRateWarning: members.length > 0 && passRate < rules.passRate,
    rewardTotal: counts[1] * rules.rewards[1] + counts[2] * rules.rewards[2] + counts[3] * rules.rewards[3],
  };
}
