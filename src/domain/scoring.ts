/**
 * A member's yearly score (0–100) from their record. Each part is a rate (done ÷ expected); a part
 * with nothing expected of the member that year counts as fully met, so nobody loses points for
 * duties they never had. Leaders are also scored on their monthly reports.
 *
 * Default weights (per district, configurable): members — attendance 40, returns filed on time 40,
 * notices acknowledged 20; leaders — attendance 30, returns 20, notices 10, monthly reports on time 40.
 * Passing score 60.
 */
export interface ScoreWeights {
  attendance: number;
  returns: number;
  notices: number;
  reports: number;
}

export interface ScoringRules {
  member: ScoreWeights;
  leader: ScoreWeights;
  passScore: number;
}

export const DEFAULT_SCORING_RULES: ScoringRules = {
  member: { attendance: 40, returns: 40, notices: 20, reports: 0 },
  leader: { attendance: 30, returns: 20, notices: 10, reports: 40 },
  passScore: 60,
};

export interface Tally {
  done: number;
  expected: number;
}

export interface MemberRecord {
  /** Activities and trainings attended (leave does not count as attended) of those held in their grids. */
  attendance: Tally;
  /** Months their unit's returns were confirmed filed in the window. */
  returns: Tally;
  notices: Tally;
  /** Monthly reports submitted on time, for leaders. */
  reports?: Tally;
  isLeader: boolean;
}

export interface MemberScore {
  score: number;
  passed: boolean;
  parts: Record<keyof ScoreWeights, number>;
}

export const rate = (t: Tally | undefined) => (!t || t.expected <= 0 ? 1 : Math.min(1, Math.max(0, t.done / t.expected)));

export function scoreMember(record: MemberRecord, rules: ScoringRules = DEFAULT_SCORING_RULES): MemberScore {
  const w = record.isLeader ? rules.leader : rules.member;
  const total = w.attendance + w.returns + w.notices + w.reports;
  if (total <= 0) throw new RangeError('score weights must add up to more than 0');
  const parts = {
    attendance: rate(record.attendance),
    returns: rate(record.returns),
    notices: rate(record.notices),
    reports: rate(record.reports),
  };
  const weighted = w.attendance * parts.attendance + w.returns * parts.returns + w.notices * parts.notices + w.reports * parts.reports;
  // One decimal place, so equal records compare equal and ties are real ties.
  const score = Math.round((weighted / total) * 1000) / 10;
  return { score, passed: score >= rules.passScore, parts };
}
