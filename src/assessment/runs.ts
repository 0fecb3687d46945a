import { Types } from 'mongoose';
import { UserError } from '../core/errors.js';
import { bi } from '../i18n/text.js';
import { AssessmentResultModel, homeGrid, resultId, resultSetId, type AssessmentResult } from '../store/models/assessmentResult.js';
import { AssessmentRunModel, runId, type AssessmentRun, type AssessmentStatus } from '../store/models/assessmentRun.js';
import { duplicatesOnly } from '../store/connect.js';

/**
 * A street's assessment as stored: its run document and the results of the revision in force.
 *
 * Every change writes a whole new revision of results first, then switches the run to it with one
 * conditional update that names the revision and status it was read at. Without transactions this
 * is the one write that decides: a change that lost a race, or came after the bureau confirmed,
 * matches nothing and its revision is deleted again. Confirmed runs match no switch at all, so no
 * command or task can change a frozen street's results, whatever it checked before.
 */
export type RunRecord = AssessmentRun & { _id: string };
export type ResultRecord = AssessmentResult;
export type ResultRow = Omit<AssessmentResult, '_id' | 'revision'>;

/** What a row keeps in its grid's document: everything its document's key does not say already. */
type StoredRow = Omit<ResultRow, 'year' | 'street'>;
type StoredSet = { year: number; street: string; revision: string; rows: StoredRow[] };

// A row without an adjustment leaves the field out rather than storing null.
const storedRows = (rows: ResultRow[]) => rows.map(({ year: _y, street: _s, adjustment, ...row }): StoredRow => (adjustment ? { ...row, adjustment } : row));
function rowsOf(set: StoredSet): ResultRecord[] {
  return set.rows.map((row) => ({ ...row, _id: resultId(set.year, set.street, set.revision, row.member), year: set.year, street: set.street, revision: set.revision }));
}

export interface StreetRef {
  code: string;
  name: string;
}

/** Statuses a street may still change its results in (doing so takes back a submission). */
const OPEN: AssessmentStatus[] = ['draft', 'submitted'];

export const frozenError = (year: number, street: StreetRef) =>
  new UserError(bi(`${street.name} ${year} 年的考核结果已经区统计局确认，不能再修改。`, `${street.name}'s ${year} results were confirmed by the bureau and can no longer be changed.`));

const conflictError = (street: StreetRef) =>
  new UserError(bi(`${street.name}的考核结果刚被其他人修改，请查看后重试。`, `${street.name}'s results were just changed by someone else; please check and try again.`));

export async function findRun(year: number, street: string): Promise<RunRecord | undefined> {
  return (await AssessmentRunModel.findById(runId(year, street)).lean<RunRecord>()) ?? undefined;
}

export async function runsOf(year: number, streets?: string[]): Promise<RunRecord[]> {
  return AssessmentRunModel.find({ year, ...(streets && { street: { $in: streets } }) }).lean<RunRecord[]>();
}

/** Throws the "confirmed, frozen" reply for a confirmed run. */
export function assertOpen(run: RunRecord | undefined, year: number, street: StreetRef): void {
  if (run?.status === 'confirmed') throw frozenError(year, street);
}

/** The results in force for a run. */
export async function resultsOf(run: Pick<RunRecord, 'revision'>): Promise<ResultRecord[]> {
  return (await AssessmentResultModel.find({ revision: run.revision }).lean<StoredSet[]>()).flatMap(rowsOf);
}

/** The rows in force of some revisions of a year (several streets), one pass. */
export async function resultsOfRevisions(year: number, revisions: string[]): Promise<ResultRecord[]> {
  return (await AssessmentResultModel.find({ revision: { $in: revisions }, year }).lean<StoredSet[]>()).flatMap(rowsOf);
}

/**
 * One person's result in force: read by key from the document of their home grid as it is now, or,
 * if their grids changed since, found among the street's.
 */
export async function resultOf(run: Pick<RunRecord, 'year' | 'street' | 'revision'>, person: { _id: unknown; memberships: Array<{ grid: string }> }): Promise<ResultRecord | undefined> {
  const member = String(person._id);
  const home = homeGrid(run.street, person.memberships.map((m) => m.grid));
  const set = await AssessmentResultModel.findById(resultSetId(run.year, run.street, run.revision, home)).lean<StoredSet>();
  return (set && rowsOf(set).find((r) => r.member === member)) ?? (await resultsOf(run)).find((r) => r.member === member);
}

/** A street's new results and what its run becomes. */
export interface RevisionChange {
  year: number;
  street: StreetRef;
  /** The run as read before computing; undefined for a street's first draft. */
  previous?: RunRecord;
  rows: ResultRow[];
  run: Omit<AssessmentRun, '_id' | 'year' | 'street' | 'revision' | 'status' | 'lastEvent'>;
}

export type CommitOutcome = { street: string; ok: true; run: RunRecord } | { street: string; ok: false; error: UserError };

const INSERT_BATCH = 500;
const INSERTS_IN_FLIGHT = 2;
const ROWS_PER_FLUSH = 10_000;
/** Conditional switches of runs sent at once: each is a round trip of its own. */
const SWITCHES_IN_FLIGHT = 8;

/** A street's rows of one revision as documents, one per home grid. */
function resultSets(year: number, street: string, revision: string, rows: ResultRow[]) {
  const byGrid = new Map<string, ResultRow[]>();
  for (const r of rows) {
    const grid = homeGrid(street, r.grids);
    (byGrid.get(grid) ?? byGrid.set(grid, []).get(grid)!).push(r);
  }
  return [...byGrid].map(([grid, list]) => ({ _id: resultSetId(year, street, revision, grid), year, street, revision, grid, rows: storedRows(list) }));
}

type ResultSet = ReturnType<typeof resultSets>[number];

/** Runs `task` on each item, `limit` at a time, results in the items' order. */
async function inBatches<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += limit) out.push(...(await Promise.all(items.slice(i, i + limit).map(task))));
  return out;
}

async function insertSets(docs: ResultSet[]): Promise<void> {
  const batches: ResultSet[][] = [];
  for (let i = 0; i < docs.length; i += INSERT_BATCH) batches.push(docs.slice(i, i + INSERT_BATCH));
  await inBatches(batches, INSERTS_IN_FLIGHT, (b) => AssessmentResultModel.collection.insertMany(b as never[], { ordered: false }));
}

type Pending = { change: RevisionChange; revision: string };

/**
 * Writes new revisions for several streets, then switches each street's run to its own (back to
 * draft, taking back a submission). A street whose run was confirmed or changed meanwhile keeps what
 * it had. Streets are taken one by one from `changes` (which may build or read them as it goes) and
 * written some ten thousand rows at a time, while the next are built, so a province's results are never
 * all in memory; replaced and refused revisions are deleted in one pass at the end.
 */
export async function commitRevisions(changes: Iterable<RevisionChange> | AsyncIterable<RevisionChange>, eventKey: string): Promise<CommitOutcome[]> {
  const outcomes: CommitOutcome[] = [];
  const stale: string[] = [];
  const flush = async (docs: ResultSet[], pending: Pending[]) => {
    await insertSets(docs);
    // Only once a street's rows are all in does its run switch to them.
    const switched = await switchRuns(pending.map(({ change: c, revision }) => ({ c, set: { ...c.run, status: 'draft' as const, revision, lastEvent: eventKey } })));
    for (const [i, { change: c, revision }] of pending.entries()) {
      const run = switched[i];
      if (run) {
        if (c.previous) stale.push(c.previous.revision);
        outcomes.push({ street: c.street.code, ok: true, run });
      } else {
        stale.push(revision);
        const now = await findRun(c.year, c.street.code);
        outcomes.push({ street: c.street.code, ok: false, error: now?.status === 'confirmed' ? frozenError(c.year, c.street) : conflictError(c.street) });
      }
    }
  };
  // One flush is written while the next streets are built: two at most are held.
  let writing: Promise<void> = Promise.resolve();
  let docs: ResultSet[] = [];
  let pending: Pending[] = [];
  let rowsPending = 0;
  const startFlush = async () => {
    await writing;
    writing = flush(docs, pending);
    writing.catch(() => undefined); // awaited before the next flush or at the end
    [docs, pending, rowsPending] = [[], [], 0];
  };
  for await (const change of changes) {
    const revision = new Types.ObjectId().toHexString();
    docs.push(...resultSets(change.year, change.street.code, revision, change.rows));
    rowsPending += change.rows.length;
    pending.push({ change, revision });
    if (rowsPending >= ROWS_PER_FLUSH) await startFlush();
  }
  await startFlush();
  await writing;
  await deleteRevisions(stale);
  return outcomes;
}

/** Deletes replaced and refused revisions (found by the `revision` index). */
async function deleteRevisions(stale: string[]): Promise<void> {
  if (stale.length) await AssessmentResultModel.deleteMany({ revision: { $in: stale } });
}

type RunSwitch = { c: RevisionChange; set: Omit<AssessmentRun, '_id' | 'year' | 'street'> };

/**
 * Switches runs to new revisions; undefined where a run was confirmed or changed meanwhile. First
 * drafts are inserted in one call (of two first drafts of a street, the second is refused by its
 * key); the others are switched by a conditional update each, some at once.
 */
async function switchRuns(switches: RunSwitch[]): Promise<Array<RunRecord | undefined>> {
  const out = new Array<RunRecord | undefined>(switches.length);
  const first = [...switches.keys()].filter((i) => !switches[i]!.c.previous);
  const created = first.map((i) => {
    const { c, set } = switches[i]!;
    return new AssessmentRunModel({ _id: runId(c.year, c.street.code), year: c.year, street: c.street.code, ...set });
  });
  // insertMany would skip an invalid document unordered; create() refused it, and so does this
  await Promise.all(created.map((d) => d.validate()));
  const refused = created.length
    ? await AssessmentRunModel.insertMany(created, { ordered: false }).then(
        () => [],
        (err: unknown) => duplicatesOnly(err) ?? Promise.reject(err),
      )
    : [];
  for (const [n, i] of first.entries()) if (!refused.includes(n)) out[i] = created[n]!.toObject() as RunRecord;
  const later = [...switches.keys()].filter((i) => switches[i]!.c.previous);
  await inBatches(later, SWITCHES_IN_FLIGHT, async (i) => (out[i] = await switchRun(switches[i]!)));
  return out;
}

// Conditional on the revision and status read, in one atomic update: a confirmed run stays frozen
// against an adjustment racing the confirmation.
async function switchRun({ c, set }: RunSwitch): Promise<RunRecord | undefined> {
  const filter = { _id: runId(c.year, c.street.code), revision: c.previous!.revision, status: { $in: OPEN } };
  return (await AssessmentRunModel.findOneAndUpdate(filter, { $set: set }, { returnDocument: 'after' }).lean<RunRecord>()) ?? undefined;
}

/** One street's change: its outcome, or the reason it was refused as the reply. */
export async function commitRevision(change: RevisionChange, eventKey: string): Promise<RunRecord> {
  const [outcome] = await commitRevisions([change], eventKey);
  if (!outcome!.ok) throw outcome!.error;
  return outcome!.run;
}

/** Moves a run from one status to the next at the revision it was read at (submit, confirm). */
export async function transition(
  run: RunRecord,
  street: StreetRef,
  to: AssessmentStatus,
  patch: Partial<AssessmentRun>,
  eventKey: string,
): Promise<RunRecord> {
  const from: AssessmentStatus = to === 'confirmed' ? 'submitted' : 'draft';
  const res = await AssessmentRunModel.updateOne({ _id: run._id, revision: run.revision, status: from }, { $set: { ...patch, status: to, lastEvent: eventKey } });
  const now = await findRun(run.year, run.street);
  if (res.modifiedCount === 1) return now!;
  if (now?.status === 'confirmed') throw frozenError(run.year, street);
  throw conflictError(street);
}
