import { localYearMonth } from '../domain/chinaTime.js';
import { isDuplicateKey } from './connect.js';
import { GridModel } from './models/grid.js';
import { GridTallyModel, tallyId } from './models/gridTally.js';

/**
 * Keeps each grid's yearly tally (`models/gridTally.ts`) up to date as records are written, and
 * folds records into tallies for a rebuild. A tally keeps what the assessment counts, not the records:
 * per member counters (MongoDB's computed pattern), and the grid's activities and monthly reports,
 * a few a month, whose times the assessment compares with the moment it assesses.
 */
export type TallyFact =
  | { kind: 'activity'; activity: number; startsAt: Date; closesAt: Date }
  /** Called off (or moved to another year): the activity and its check-ins count for nobody. */
  | { kind: 'cancelled'; activity: number }
  | { kind: 'report'; period: string; at: Date }
  /** A check-in at one of the grid's activities. */
  | { kind: 'present'; member: string }
  /** Returns confirmed before the month's deadline (as the street's settings had it then). */
  | { kind: 'filedOnTime'; member: string; period: string }
  /** An acknowledgement of a notice that was addressed to the grid. */
  | { kind: 'ack'; member: string };

/** One member's counters in a grid's tally of a year. */
export interface MemberCounts {
  present?: number;
  filedOnTime?: number;
  /** The latest month filed on time: its deadline may not be over yet when the assessment runs. */
  lastFiledOnTime?: string;
  acks?: number;
}

/** A grid's tally of one year, as stored. */
export interface TallyDoc {
  _id: string;
  year: number;
  grid: string;
  street: string;
  /**
   * activity number → when it starts and when its check-in closes; `cancelled` when it was called off, its
   * check-ins still in the members' counts (the assessment leaves them out, reading them from the records).
   */
  held: Record<string, { startsAt: Date; closesAt: Date; cancelled?: true }>;
  /** "YYYY-MM" → when the grid's monthly report was first submitted. */
  reports: Record<string, Date>;
  /** member id → their counters. */
  members: Record<string, MemberCounts>;
  /** Keys of counts written whose records are not marked yet (see `countOnce`): empty but for a moment. */
  pending?: string[];
}

/** The document a fact belongs to: its grid and the year it counts in (China time). */
export interface TallyKey {
  year: number;
  grid: string;
  /** The grid's street, when the caller knows it (read from the grid otherwise). */
  street?: string;
}

export const yearOf = (instant: Date) => localYearMonth(instant).year;
export const yearOfPeriod = (period: string) => Number(period.slice(0, 4));

interface TallyUpdate {
  $set: Record<string, unknown>;
  $inc: Record<string, number>;
  $max: Record<string, string>;
}

/** The update that writes these facts: `$set` of the grid's own facts, `$inc` (and `$max`) of member counters. */
export function factsUpdate(facts: TallyFact[]): TallyUpdate {
  const u: TallyUpdate = { $set: {}, $inc: {}, $max: {} };
  const inc = (path: string) => (u.$inc[path] = (u.$inc[path] ?? 0) + 1);
  for (const f of facts) {
    switch (f.kind) {
      case 'activity':
        u.$set[`held.${f.activity}`] = { startsAt: f.startsAt, closesAt: f.closesAt };
        break;
      case 'cancelled':
        u.$set[`held.${f.activity}.cancelled`] = true;
        break;
      case 'report':
        u.$set[`reports.${f.period}`] = f.at;
        break;
      case 'present':
        inc(`members.${f.member}.present`);
        break;
      case 'filedOnTime':
        inc(`members.${f.member}.filedOnTime`);
        u.$max[`members.${f.member}.lastFiledOnTime`] = f.period;
        break;
      case 'ack':
        inc(`members.${f.member}.acks`);
        break;
    }
  }
  return u;
}

/** The non-empty operators of an update. */
const operators = (u: Partial<TallyUpdate>) => Object.fromEntries(Object.entries(u).filter(([, v]) => Object.keys(v).length));

/** An empty tally document. */
export const emptyTally = (key: Required<TallyKey>): TallyDoc => ({
  _id: tallyId(key.year, key.grid), year: key.year, grid: key.grid, street: key.street, held: {}, reports: {}, members: {},
});

/** Applies one fact to a tally in memory, as its update does in the store. */
export function applyFact(doc: TallyDoc, f: TallyFact): void {
  const { $set, $inc, $max } = factsUpdate([f]);
  const parent = (path: string): [Record<string, unknown>, string] => {
    const keys = path.split('.');
    let at = doc as unknown as Record<string, unknown>;
    for (const k of keys.slice(0, -1)) at = (at[k] ??= {}) as Record<string, unknown>;
    return [at, keys.at(-1)!];
  };
  for (const [path, v] of Object.entries($set)) {
    const [o, k] = parent(path);
    o[k] = v;
  }
  for (const [path, n] of Object.entries($inc)) {
    const [o, k] = parent(path);
    o[k] = ((o[k] as number | undefined) ?? 0) + n;
  }
  for (const [path, v] of Object.entries($max)) {
    const [o, k] = parent(path);
    if (o[k] === undefined || (o[k] as string) < v) o[k] = v;
  }
}

async function streetOf(key: TallyKey): Promise<string> {
  if (key.street) return key.street;
  return (await GridModel.findOne({ code: key.grid }, { street: 1 }).lean())?.street ?? '';
}

/** One update of a tally, making the document on its first write; `filter` narrows the match beyond `_id`. */
async function updateTally(key: TallyKey, update: Record<string, unknown>, filter: Record<string, unknown> = {}): Promise<void> {
  const _id = tallyId(key.year, key.grid);
  const onInsert = { year: key.year, grid: key.grid, street: await streetOf(key) };
  const write = () => GridTallyModel.collection.updateOne({ _id, ...filter } as never, { ...update, $setOnInsert: onInsert }, { upsert: true });
  // An upsert that finds no match inserts: a duplicate key then means either two first writes at
  // once (the loser's second try finds the document) or a document the filter does not match.
  await write().catch((err: unknown) => {
    if (!isDuplicateKey(err)) throw err;
    return write().catch((again: unknown) => {
      if (!isDuplicateKey(again)) throw again;
    });
  });
}

/** Adds facts that are the same when written twice (an activity, its cancellation, a monthly report) to a tally. */
export async function addToTally(key: TallyKey, facts: TallyFact[]): Promise<void> {
  const update = operators(factsUpdate(facts));
  if (Object.keys(update).length) await updateTally(key, update);
}

/** A record to count once into one or more tallies. */
export interface Countable {
  /** Names the record and its change, e.g. "filed:2026-03:<member>"; unique among a tally's counts. */
  key: string;
  tallies: Array<{ tally: TallyKey; facts: TallyFact[] }>;
  /** Whether the record is marked as counted already. */
  counted: boolean;
  /** Marks the record as counted (an update of the record, idempotent). */
  mark: () => Promise<unknown>;
}

/**
 * Counts a record into its tallies exactly once, although `$inc` counts each time it runs:
 *   1. per tally, one update filtered on `pending: { $ne: key }` `$inc`s the counters and `$push`es the key;
 *   2. the record is marked counted;
 *   3. per tally, the key is `$pull`ed from `pending` (so it stays empty but for a moment).
 * A retried job finds the record marked (only step 3 is left, and pulling twice is harmless) or the key
 * still pending (step 1 matches nothing), so the same fact twice counts once and a crash anywhere
 * between the record's write and step 3 heals on the retry. Callers count a record only from the
 * event that put it in its counted state (the record names it), and BullMQ runs a job's attempts one
 * after another, so no two step 1s of one key run at once. Concurrent writers of other records only
 * meet in step 1, an atomic single-document update: none loses another's count.
 */
export async function countOnce(c: Countable): Promise<void> {
  const withFacts = c.tallies.filter((t) => t.facts.length);
  if (!c.counted) {
    for (const { tally, facts } of withFacts) {
      await updateTally(tally, { ...operators(factsUpdate(facts)), $push: { pending: c.key } }, { pending: { $ne: c.key } });
    }
    await c.mark();
  }
  for (const { tally } of withFacts) {
    await GridTallyModel.collection.updateOne({ _id: tallyId(tally.year, tally.grid) } as never, { $pull: { pending: c.key } } as never);
  }
}

/** Folds facts into tallies in memory: the recount (and the benchmark's loader) use it. */
export class TallyFolder {
  readonly docs = new Map<string, TallyDoc>();
  add(key: Required<TallyKey>, f: TallyFact): void {
    const _id = tallyId(key.year, key.grid);
    applyFact(this.docs.get(_id) ?? this.docs.set(_id, emptyTally(key)).get(_id)!, f);
  }
}
