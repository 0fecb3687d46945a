import { localYearMonth } from '../domain/chinaTime.js';
import { isDuplicateKey } from './connect.js';
import { GridModel } from './models/grid.js';
import { GridTallyModel, tallyId } from './models/gridTally.js';

/**
 * Keeps each grid's yearly tally (`models/gridTally.ts`) up to date as records are written, and
 * folds records into tallies for a rebuild.
 *
 * Idempotency and concurrency: a fact is a field whose path names it (activity, month or notice,
 * then member) and whose value is what the record says (a time), so writing it is one `$set` (or,
 * for leave, one `$unset`) of that path in one single-document update: a retried job writes the
 * same value again, and concurrent writers of one tally touch different paths, so none can lose
 * another's fact. No read comes before the write.
 */
export type TallyFact =
  | { kind: 'activity'; activity: number; startsAt: Date; closesAt: Date }
  | { kind: 'present'; activity: number; member: string; at: Date }
  /** Called off: the activity and its check-ins count for nobody. */
  | { kind: 'cancelled'; activity: number }
  /** Leave instead of presence: the check-in, if any, no longer counts. */
  | { kind: 'absent'; activity: number; member: string }
  | { kind: 'filed'; period: string; member: string; at: Date }
  | { kind: 'ack'; notice: string; member: string }
  | { kind: 'report'; period: string; at: Date };

/** A grid's tally of one year, as stored. */
export interface TallyDoc {
  _id: string;
  year: number;
  grid: string;
  street: string;
  /** activity number → when it starts and when its check-in closes. */
  held: Record<string, { startsAt: Date; closesAt: Date }>;
  /** activity number → member → when they checked in (present only). */
  present: Record<string, Record<string, Date>>;
  /** "YYYY-MM" → member → when they confirmed the month's returns. */
  filed: Record<string, Record<string, Date>>;
  /** notice code → members who acknowledged it (kept in each grid the member belonged to then). */
  acks: Record<string, Record<string, true>>;
  /** "YYYY-MM" → when the grid's monthly report was first submitted. */
  reports: Record<string, Date>;
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

/**
 * A fact as the path it is kept at and its value (undefined: the path is removed); a cancelled
 * activity also removes a second path, its check-ins.
 */
function factField(f: TallyFact): [path: string[], value: unknown, alsoRemoved?: string[]] {
  switch (f.kind) {
    case 'activity':
      return [['held', String(f.activity)], { startsAt: f.startsAt, closesAt: f.closesAt }];
    case 'present':
      return [['present', String(f.activity), f.member], f.at];
    case 'absent':
      return [['present', String(f.activity), f.member], undefined];
    case 'cancelled':
      return [['held', String(f.activity)], undefined, ['present', String(f.activity)]];
    case 'filed':
      return [['filed', f.period, f.member], f.at];
    case 'ack':
      return [['acks', f.notice, f.member], true];
    case 'report':
      return [['reports', f.period], f.at];
  }
}

/** The update that writes these facts: `$set`/`$unset` of their paths. */
export function factsUpdate(facts: TallyFact[]): { $set: Record<string, unknown>; $unset: Record<string, ''> } {
  const update = { $set: {} as Record<string, unknown>, $unset: {} as Record<string, ''> };
  for (const f of facts) {
    const [path, value, alsoRemoved] = factField(f);
    if (value === undefined) update.$unset[path.join('.')] = '';
    else update.$set[path.join('.')] = value;
    if (alsoRemoved) update.$unset[alsoRemoved.join('.')] = '';
  }
  return update;
}

/** An empty tally document. */
export const emptyTally = (key: Required<TallyKey>): TallyDoc => ({
  _id: tallyId(key.year, key.grid), year: key.year, grid: key.grid, street: key.street, held: {}, present: {}, filed: {}, acks: {}, reports: {},
});

/** Applies one fact to a tally in memory, as its update does in the store. */
export function applyFact(doc: TallyDoc, f: TallyFact): void {
  const [path, value, alsoRemoved] = factField(f);
  setPath(doc, path, value);
  if (alsoRemoved) setPath(doc, alsoRemoved, undefined);
}

function setPath(doc: TallyDoc, path: string[], value: unknown): void {
  let at = doc as unknown as Record<string, Record<string, unknown>>;
  for (const key of path.slice(0, -1)) at = (at[key] ??= {}) as Record<string, Record<string, unknown>>;
  if (value === undefined) delete at[path.at(-1)!];
  else at[path.at(-1)!] = value as Record<string, unknown>;
}

async function streetOf(key: TallyKey): Promise<string> {
  if (key.street) return key.street;
  return (await GridModel.findOne({ code: key.grid }, { street: 1 }).lean())?.street ?? '';
}

/** Writes facts into their tally, making the document on its first fact. */
async function writeFacts(key: TallyKey, facts: TallyFact[]): Promise<void> {
  const { $set, $unset } = factsUpdate(facts);
  const _id = tallyId(key.year, key.grid);
  const some = (o: object) => Object.keys(o).length > 0;
  const onInsert = { year: key.year, grid: key.grid, street: await streetOf(key) };
  const update = { ...(some($set) && { $set }), ...(some($unset) && { $unset }), $setOnInsert: onInsert };
  const write = () => GridTallyModel.collection.updateOne({ _id } as never, update, { upsert: true });
  // Two first facts at once may both try to insert; the loser's update then finds the document.
  await write().catch((err: unknown) => {
    if (isDuplicateKey(err)) return write();
    throw err;
  });
}

/**
 * Writes a record (`write`, its own store write) and then the facts it makes. A crash between the
 * two leaves a fact out until the job's retry writes it; a check-in and leave of one member for one
 * activity at the same instant may reach the tally in the other order than the record. Both are
 * what `npm run admin -- tallies` recounts.
 */
export async function writeTallied<T>(key: TallyKey, write: () => Promise<T>, facts: (written: T) => TallyFact[]): Promise<T> {
  const written = await write();
  const f = facts(written);
  if (f.length) await writeFacts(key, f);
  return written;
}

/** Adds facts to a tally (for records already written). */
export const addToTally = (key: TallyKey, facts: TallyFact[]) => (facts.length ? writeFacts(key, facts) : Promise.resolve());

/** Folds facts into tallies in memory: the recount (and the benchmark's loader) use it. */
export class TallyFolder {
  readonly docs = new Map<string, TallyDoc>();
  add(key: Required<TallyKey>, f: TallyFact): void {
    const _id = tallyId(key.year, key.grid);
    applyFact(this.docs.get(_id) ?? this.docs.set(_id, emptyTally(key)).get(_id)!, f);
  }
}
