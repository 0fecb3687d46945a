import { UserError } from '../core/errors.js';
import { rankStreet, type Adjustment, type AssessmentRules, type Candidate, type Ranked, type StreetSummary } from '../domain/assessmentResults.js';
import { assessmentWindow, defaultAssessmentYear } from '../domain/assessmentYear.js';
import { localYearMonth } from '../domain/chinaTime.js';
import type { MemberRecord } from '../domain/scoring.js';
import { bi } from '../i18n/text.js';
import { gridNames } from '../store/grids.js';
import { GridModel } from '../store/models/grid.js';
import { rulesOf, summaryOf } from './runSummary.js';
import { loadRules } from './settings.js';
import { yearArg } from './yearArg.js';
import { collectTallies, type Tallied } from './tallies.js';
import { TrainingsAbove } from './trainingsAbove.js';
import {
  assertOpen, commitRevision, commitRevisions, frozenError, resultsOf, resultsOfRevisions, runsOf, transition, type CommitOutcome, type ResultRecord, type ResultRow, type RevisionChange,
  type RunRecord, type StreetRef,
} from './runs.js';

/**
 * The assessment's steps: a street drafts (computes) its results, adjusts a member's with a reason,
 * submits; the bureau confirms, which freezes them. Each step is one guarded switch of the street's
 * run (`runs.ts`); none of them touches a confirmed street.
 */
export interface Actor {
  id?: string;
  name?: string;
}

type Person = Pick<Tallied, 'member' | 'name' | 'unit' | 'grids' | 'leads'> & { deputises?: string[]; record: MemberRecord };

function toRow(year: number, street: string, p: Person, r: Ranked, decision: Decision | undefined): ResultRow {
  const { attendance, returns, notices, reports } = p.record;
  return {
    year,
    street,
    member: p.member,
    name: p.name,
    unit: p.unit,
    grids: p.grids,
    leads: p.leads,
    ...(p.deputises?.length && { deputises: p.deputises }),
    attendance,
    returns,
    notices,
    reports: reports ?? { done: 0, expected: 0 },
    computedScore: r.computed.score,
    adjustment: decision?.adjustment,
    ...(decision?.pick !== undefined && { tiePick: decision.pick }),
    score: r.score,
    passed: r.passed,
    stars: r.stars,
    reward: r.reward,
  };
}

/** What the street decided for a member: an adjusted score, a place within a tie. */
export interface Decision {
  adjustment?: Adjustment;
  pick?: number;
}

/** Ranks a street's people (with the street's decisions to keep) into result rows and the street's summary. */
function rank(year: number, street: string, people: Person[], decisions: Map<string, Decision>, rules: AssessmentRules) {
  const candidates: Candidate[] = people.map((p) => ({ member: p.member, record: p.record, ...decisions.get(p.member) }));
  const { rows, summary } = rankStreet(candidates, rules);
  const byMember = new Map(people.map((p) => [p.member, p]));
  return { rows: rows.map((r) => toRow(year, street, byMember.get(r.member)!, r, decisions.get(r.member))), summary };
}

const countOf = (decisions: Map<string, Decision>) => ({
  adjusted: [...decisions.values()].filter((d) => d.adjustment).length,
  picked: [...decisions.values()].filter((d) => d.pick !== undefined).length,
});

/** A stored row as the person it was computed for (its tallies are kept, so it ranks again as it was). */
const asPerson = (r: ResultRecord): Person => ({
  member: r.member,
  name: r.name,
  unit: r.unit ?? '',
  grids: r.grids,
  leads: r.leads,
  deputises: r.deputises,
  record: { attendance: r.attendance, returns: r.returns, notices: r.notices, reports: r.reports, isLeader: r.leads.length > 0 },
});

const adjustmentOf = (r: Pick<ResultRecord, 'adjustment'>): Adjustment | undefined =>
  r.adjustment ? { score: r.adjustment.score, reason: r.adjustment.reason, by: r.adjustment.by, byName: r.adjustment.byName ?? undefined, at: r.adjustment.at } : undefined;

/** The street's decisions kept in a revision's rows. */
function decisionsOf(rows: ResultRecord[]): Map<string, Decision> {
  const decisions = new Map<string, Decision>();
  for (const r of rows) {
    const d: Decision = { adjustment: adjustmentOf(r), ...(r.tiePick !== undefined && { pick: r.tiePick }) };
    if (d.adjustment || d.pick !== undefined) decisions.set(r.member, d);
  }
  return decisions;
}


/** "景山街道统计网格" → "景山街道": the place a district or street grid is named after, for titles. */
export const placeName = (gridName: string) => gridName.replace(/统计网格$/, '') || gridName;

/** Streets (level-2 grids), all or those named (read by `_id`, the lookup FerretDB indexes), with their place names. */
export async function streetRefs(codes?: string[]): Promise<StreetRef[]> {
  const grids = codes
    ? [...(await gridNames(codes))].map(([code, name]) => ({ code, name }))
    : await GridModel.find({ level: 2 }, { _id: 0, code: 1, name: 1 }).lean();
  return grids.map((g) => ({ code: g.code, name: placeName(g.name) })).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** Streets whose rosters and tallies a draft reads at once (some ten thousand people at 500 a street). */
const STREETS_READ_AT_ONCE = 20;

export interface DraftResult {
  outcomes: CommitOutcome[];
  /** Decisions (adjustments, places in ties) carried over from the previous draft, by street. */
  kept: Map<string, number>;
}

/**
 * Computes the drafts of some streets (all when omitted) from the year's records so far, keeping
 * each street's adjustments of members still assessed. A confirmed street is refused, unread.
 */
export async function draftAssessments(opts: { year: number; streets?: string[]; now: Date; by: Actor; eventKey: string }): Promise<DraftResult> {
  const window = assessmentWindow(opts.year, opts.now);
  if (!window) throw new UserError(bi(`${opts.year} 年还没有开始，不能考核。`, `${opts.year} has not begun; there is nothing to assess.`));
  const [refs, runs, district] = await Promise.all([streetRefs(opts.streets), runsOf(opts.year, opts.streets), loadRules()]);
  const rules: AssessmentRules = { scoring: district.scoring, stars: district.stars };
  const runOf = new Map(runs.map((r) => [r.street, r]));
  const frozen = refs.filter((s) => runOf.get(s.code)?.status === 'confirmed');
  const open = refs.filter((s) => !frozen.includes(s));
  const outcomes: CommitOutcome[] = frozen.map((s) => ({ street: s.code, ok: false, error: frozenError(opts.year, s) }));
  if (!open.length) return { outcomes, kept: new Map() };

  const kept = new Map<string, number>();
  const trainingsAbove = TrainingsAbove.read(window);
  trainingsAbove.catch(() => undefined); // awaited by each read of streets
  // A few streets' rosters, tallies and carried-over decisions at a time (read only where a street made
  // some), so a district's are never all in memory.
  const readStreets = async (streets: StreetRef[]) => {
    const revisions = streets.map((s) => runOf.get(s.code)).filter((r) => r?.adjusted || r?.picked).map((r) => r!.revision);
    const [tallies, decided] = await Promise.all([
      collectTallies(window, streets.map((s) => s.code), trainingsAbove),
      revisions.length ? resultsOfRevisions(opts.year, revisions).then((rows) => rows.filter((r) => r.adjustment || r.tiePick !== undefined)) : [],
    ]);
    return { streets, tallies, decided };
  };
  const groups: StreetRef[][] = [];
  for (let i = 0; i < open.length; i += STREETS_READ_AT_ONCE) groups.push(open.slice(i, i + STREETS_READ_AT_ONCE));
  // Ranked street by street as they are written; the next streets are read meanwhile.
  async function* changes(): AsyncGenerator<RevisionChange> {
    let next = readStreets(groups[0]!);
    for (let g = 0; g < groups.length; g++) {
      const { streets, tallies, decided } = await next;
      if (g + 1 < groups.length) {
        next = readStreets(groups[g + 1]!);
        next.catch(() => undefined); // awaited on the next turn
      }
      for (const street of streets) {
        const people = tallies.get(street.code) ?? [];
        const assessed = new Set(people.map((p) => p.member));
        const keep = new Map([...decisionsOf(decided.filter((r) => r.street === street.code))].filter(([m]) => assessed.has(m)));
        kept.set(street.code, countOf(keep).adjusted);
        const { rows, summary } = rank(opts.year, street.code, people, keep, rules);
        yield {
          year: opts.year,
          street,
          previous: runOf.get(street.code),
          rows,
          run: { asOf: window!.asOf, rules, summary, ...countOf(keep), computedAt: opts.now, computedBy: opts.by.id, computedByName: opts.by.name },
        };
      }
    }
  }
  return { outcomes: [...outcomes, ...(await commitRevisions(changes(), opts.eventKey))], kept };
}

/** Replaces one member's score with the street's, reason kept; everyone's stars are allotted again. */
export async function adjustResult(opts: {
  run: RunRecord;
  street: StreetRef;
  member: string;
  score: number;
  reason: string;
  by: Actor;
  at: Date;
  eventKey: string;
}): Promise<{ run: RunRecord; before: ResultRecord; after: ResultRow }> {
  const { run, street } = opts;
  assertOpen(run, run.year, street);
  const rows = await resultsOf(run);
  const before = rows.find((r) => r.member === opts.member);
  if (!before) throw new UserError(bi('此人不在本街道的考核名单中。', 'This person is not among the street’s assessed members.'));
  const decisions = decisionsOf(rows);
  const adjustment = { score: opts.score, reason: opts.reason, by: opts.by.id ?? '', byName: opts.by.name, at: opts.at };
  decisions.set(opts.member, { ...decisions.get(opts.member), adjustment });
  const { run: next, rows: after } = await rerank(run, street, rows, decisions, opts.eventKey);
  return { run: next, before, after: after.find((r) => r.member === opts.member)! };
}

/** Ranks a revision's people again with changed decisions and switches the run to the result. */
async function rerank(run: RunRecord, street: StreetRef, rows: ResultRecord[], decisions: Map<string, Decision>, eventKey: string) {
  const ranked = rank(run.year, street.code, rows.map(asPerson), decisions, rulesOf(run));
  const { asOf, rules, computedAt, computedBy, computedByName } = run;
  const change = { asOf, rules, summary: ranked.summary, ...countOf(decisions), computedAt, computedBy, computedByName };
  return { run: await commitRevision({ year: run.year, street, previous: run, rows: ranked.rows, run: change }, eventKey), rows: ranked.rows };
}

/**
 * The street's decision on a tie at a star boundary: `members`, in the order named, go first among
 * their tie. They must all be of one tie the street has to decide, and fill its seats above the
 * boundary exactly; earlier picks in that tie are replaced.
 */
export async function pickTie(opts: { run: RunRecord; street: StreetRef; members: string[]; eventKey: string }): Promise<{ run: RunRecord; rows: ResultRow[] }> {
  const { run, street } = opts;
  assertOpen(run, run.year, street);
  const tie = tieOf(summaryOf(run), opts.members);
  const rows = await resultsOf(run);
  const decisions = decisionsOf(rows);
  for (const m of tie.members) {
    const { pick: _dropped, ...rest } = decisions.get(m) ?? {};
    if (rest.adjustment) decisions.set(m, rest);
    else decisions.delete(m);
  }
  opts.members.forEach((m, i) => decisions.set(m, { ...decisions.get(m), pick: i + 1 }));
  return rerank(run, street, rows, decisions, opts.eventKey);
}

/** The pending tie the named members decide, or the reply saying why they do not. */
function tieOf(summary: StreetSummary, members: string[]) {
  const pending = summary.pendingTies ?? [];
  if (!pending.length) throw new UserError(bi('目前没有需要街道决定的并列名次。', 'There is no tie for the street to decide now.'));
  const tie = pending.find((t) => t.seats === members.length && members.every((m) => t.members.includes(m)));
  if (!tie) {
    throw new UserError(bi(
      `请在同一组并列的人中按名次列出 ${pending.map((t) => `${t.seats} 人`).join(' 或 ')}：名单见 /考核。`,
      `Name, in order, ${pending.map((t) => t.seats).join(' or ')} of one tied group: see /assess for the list.`,
    ));
  }
  return tie;
}

export async function submitRun(run: RunRecord, street: StreetRef, by: Actor, at: Date, eventKey: string): Promise<RunRecord> {
  assertOpen(run, run.year, street);
  if (run.status === 'submitted') throw new UserError(bi(`${street.name} ${run.year} 年的考核结果已提交，等待区统计局确认。`, `${street.name}'s ${run.year} results are already submitted and await the bureau.`));
  if (summaryOf(run).pendingTies?.length) {
    throw new UserError(bi('还有并列名次待街道决定（见 /考核），决定后再提交：/评星 调整 姓名…', 'A tie is still for the street to decide (see /assess); decide it, then submit: /stars adjust NAME…'));
  }
  return transition(run, street, 'submitted', { submittedAt: at, submittedByName: by.name }, eventKey);
}

/** Confirms a submitted street; one below the pass rate only with the bureau's reason, which is kept. */
export async function confirmRun(run: RunRecord, street: StreetRef, by: Actor, at: Date, eventKey: string, reason?: string): Promise<RunRecord> {
  assertOpen(run, run.year, street);
  if (run.status !== 'submitted') throw new UserError(bi(`${street.name}还没有提交 ${run.year} 年的考核结果（目前是草稿）。`, `${street.name} has not submitted its ${run.year} results yet (still a draft).`));
  const low = summaryOf(run).passRateWarning;
  if (low && !reason) throw new UserError(lowPassRateStep(street, run));
  return transition(run, street, 'confirmed', { confirmedAt: at, confirmedByName: by.name, ...(low && { confirmReason: reason }) }, eventKey);
}

/** The second step a confirmation below the pass rate asks for. */
const lowPassRateStep = (street: StreetRef, run: RunRecord) => {
  const rate = `${Number((summaryOf(run).passRate * 100).toFixed(1))}%`;
  const floor = `${Number((rulesOf(run).stars.passRate * 100).toFixed(1))}%`;
  return bi(
    `⚠ ${street.name} ${run.year} 年合格率 ${rate}，低于 ${floor}。确需确认，请写明理由再发一次：/考核确认 ${street.code} ${run.year} 确认 理由`,
    `⚠ ${street.name}'s ${run.year} pass rate is ${rate}, below ${floor}. To confirm anyway, send it again with the reason: /approve ${street.code} ${run.year} confirm REASON`,
  );
};

/**
 * The year an assessment command means when none is typed: in January the year before, until the
 * bureau has confirmed every street of it.
 */
export async function assessmentYearOf(now: Date, typed?: string): Promise<number> {
  if (typed !== undefined) return yearArg(typed, now);
  const current = localYearMonth(now);
  if (current.month !== 1) return current.year;
  const [streets, runs] = await Promise.all([streetRefs(), runsOf(current.year - 1)]);
  const confirmed = new Set(runs.filter((r) => r.status === 'confirmed').map((r) => r.street));
  return defaultAssessmentYear(current, streets.every((s) => confirmed.has(s.code)));
}

/** A street by code or name ("JS", "景山", "景山街道"); an unknown one is the user's to fix. */
export async function streetByCodeOrName(typed: string): Promise<StreetRef> {
  const streets = await streetRefs();
  const t = typed.trim();
  const hit = streets.find((s) => s.code.toLowerCase() === t.toLowerCase()) ?? streets.find((s) => s.name.startsWith(t));
  if (hit) return hit;
  const known = streets.map((s) => `${s.code} ${s.name}`).join('、');
  throw new UserError(bi(`没有找到街道「${t}」。可用：${known}`, `No street "${t}". Streets: ${known}`));
}
