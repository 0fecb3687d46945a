import { rate, scoreMember, type MemberRecord, type MemberScore, type ScoringRules } from './scoring.js';
import { allotStars, type PendingTie, type StarRules, type Stars } from './starQuota.js';

/**
 * A street's results from its members' records: the computed score, the street's adjustment where
 * it made one (it replaces the score, reason kept), pass, and stars allotted among those who pass.
 */
export interface Adjustment {
  score: number;
  reason: string;
  by: string;
  byName?: string;
  at: Date;
}

export interface Candidate {
  member: string;
  record: MemberRecord;
  adjustment?: Adjustment;
  /** The street's order for the member within a tie (1 first). */
  pick?: number;
}

export interface Ranked {
  member: string;
  computed: MemberScore;
  /** The score that counts: the adjusted one if the street adjusted it. */
  score: number;
  passed: boolean;
  /** 0 for those who did not pass. */
  stars: Stars | 0;
  reward: number;
}

export interface StreetSummary {
  assessed: number;
  passed: number;
  passRate: number;
  passRateWarning: boolean;
  counts: Record<Stars, number>;
  quotas: { three: number; two: number };
  rewardTotal: number;
  /** Ties the street has still to decide (none in summaries stored before ties were asked). */
  pendingTies?: PendingTie[];
}

export interface AssessmentRules {
  scoring: ScoringRules;
  stars: StarRules;
}

/** The plan's tie-breakers after the score, in order: attendance, monthly reports, returns, notices. */
const tieBreakers = (r: MemberRecord) => [rate(r.attendance), rate(r.reports), rate(r.returns), rate(r.notices)];

export function rankStreet(candidates: Candidate[], rules: AssessmentRules): { rows: Ranked[]; summary: StreetSummary } {
  const scored = candidates.map((c) => {
    const computed = scoreMember(c.record, rules.scoring);
    const score = c.adjustment?.score ?? computed.score;
    return { member: c.member, computed, score, passed: score >= rules.scoring.passScore };
  });
  const allotted = allotStars(
    scored.map((s, i) => ({ id: s.member, score: s.score, passed: s.passed, tieBreakers: tieBreakers(candidates[i]!.record), pick: candidates[i]!.pick })),
    rules.stars,
  );
  const rows = scored.map((s): Ranked => {
    const stars: Stars | 0 = allotted.stars.get(s.member) ?? 0;
    return { ...s, stars, reward: stars ? rules.stars.rewards[stars] : 0 };
  });
  const { assessed, passed, passRate, passRateWarning, counts, quotas, rewardTotal, pendingTies } = allotted;
  return { rows, summary: { assessed, passed, passRate, passRateWarning, counts, quotas, rewardTotal, pendingTies } };
}

/** Street summaries added up for the district; its pass rate is over everyone assessed. */
export function totalOf(summaries: StreetSummary[], passRateFloor: number): StreetSummary {
  const sum = (f: (s: StreetSummary) => number) => summaries.reduce((n, s) => n + f(s), 0);
  const assessed = sum((s) => s.assessed);
  const passed = sum((s) => s.passed);
  const passRate = assessed ? passed / assessed : 1;
  return {
    assessed,
    passed,
    passRate,
    passRateWarning: assessed > 0 && passRate < passRateFloor,
    counts: { 1: sum((s) => s.counts[1]), 2: sum((s) => s.counts[2]), 3: sum((s) => s.counts[3]) },
    quotas: { three: sum((s) => s.quotas.three), two: sum((s) => s.quotas.two) },
    rewardTotal: sum((s) => s.rewardTotal),
  };
}

/** A typed score: 0–100 with at most one decimal ("85", "72.5"); undefined otherwise. */
export function parseScore(text: string): number | undefined {
  if (!/^\d{1,3}(\.\d)?$/.test(text.trim())) return undefined;
  const n = Number(text);
  return n <= 100 ? n : undefined;
}
