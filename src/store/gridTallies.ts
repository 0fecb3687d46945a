import { localYearMonth } from '../domain/chinaTime.js';
import { GridModel } from './models/grid.js';
import { GridTallyModel, tallyId } from './models/gridTally.js';
import { inTurn } from './turns.js';

/**
 * Keeps each grid's yearly tally (`models/gridTally.ts`) up to date as records are written, and
 * folds records into tallies for a rebuild. A fact is keyed (writing it twice changes nothing), and
 * the writers of one tally take turns, across processes, so no write can lose another's fact.
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

/** A tally's facts, times in epoch milliseconds. */
export interface TallyData {
  /** activity number → [starts, check-in closes]. */
  held: Record<string, [number, number]>;
  /** activity number → member → when they checked in (present only). */
  present: Record<string, Record<string, number>>;
  /** "YYYY-MM" → member → when they confirmed the month's returns. */
  filed: Record<string, Record<string, number>>;
  /** notice code → members who acknowledged it (1; kept in each grid the member belonged to then). */
  acks: Record<string, Record<string, 1>>;
  /** "YYYY-MM" → when the grid's monthly report was first submitted. */
  reports: Record<string, number>;
}

export interface TallyDoc {
  _id: string;
  year: number;
  grid: string;
  street: string;
  data: TallyData;
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

const emptyData = (): TallyData => ({ held: {}, present: {}, filed: {}, acks: {}, reports: {} });

/** Applies one fact to a tally's facts. */
export function applyFact(d: TallyData, f: TallyFact): void {
  const inner = (o: Record<string, Record<string, number>>, k: string) => (o[k] ??= {});
  switch (f.kind) {
    case 'activity':
      d.held[f.activity] = [f.startsAt.getTime(), f.closesAt.getTime()];
      break;
    case 'present':
      inner(d.present, String(f.activity))[f.member] = f.at.getTime();
      break;
    case 'absent':
      delete d.present[f.activity]?.[f.member];
      break;
    case 'cancelled':
      delete d.held[f.activity];
      delete d.present[f.activity];
      break;
    case 'filed':
      inner(d.filed, f.period)[f.member] = f.at.getTime();
      break;
    case 'ack':
      (d.acks[f.notice] ??= {})[f.member] = 1;
      break;
    case 'report':
      d.reports[f.period] = f.at.getTime();
      break;
  }
}

/**
 * The packed form: a line per entry kind and key, members by their number in the "M" line, times in
 * base 36; no quotes, so FerretDB stores and returns it without escaping (a grid's year is ~7 kB).
 *
 *   M <member> <member> …        H <activity> <starts> <closes>      P <activity> <i>:<at> …
 *   F <period> <i>:<at> …        A <notice> <i> …                    R <period> <at>
 */
export function packData(d: TallyData): string {
  const index = new Map<string, number>();
  const ref = (member: string) => (index.get(member) ?? index.set(member, index.size).get(member)!).toString(36);
  const t = (ms: number) => ms.toString(36);
  const lines: string[] = [];
  for (const [a, [starts, closes]] of Object.entries(d.held)) lines.push(`H ${a} ${t(starts)} ${t(closes)}`);
  const timed = (tag: string, o: Record<string, Record<string, number>>) => {
    for (const [k, inner] of Object.entries(o)) {
      const entries = Object.entries(inner);
      if (entries.length) lines.push(`${tag} ${k} ${entries.map(([m, at]) => `${ref(m)}:${t(at)}`).join(' ')}`);
    }
  };
  timed('P', d.present);
  timed('F', d.filed);
  for (const [k, inner] of Object.entries(d.acks)) {
    const members = Object.keys(inner);
    if (members.length) lines.push(`A ${k} ${members.map(ref).join(' ')}`);
  }
  for (const [p, at] of Object.entries(d.reports)) lines.push(`R ${p} ${t(at)}`);
  return [`M ${[...index.keys()].join(' ')}`, ...lines].join('\n');
}

/** A packed tally read line by line, members by number: what the assessment counts from without building objects. */
export interface PackedTally {
  members: string[];
  held: Array<{ key: string; starts: number; closes: number }>;
  present: Array<{ key: string; who: number[]; at: number[] }>;
  filed: Array<{ key: string; who: number[]; at: number[] }>;
  acks: Array<{ key: string; who: number[] }>;
  reports: Array<{ key: string; at: number }>;
}

export function readPacked(text: string): PackedTally {
  const lines = text.split('\n');
  const out: PackedTally = { members: lines[0]!.split(' ').slice(1), held: [], present: [], filed: [], acks: [], reports: [] };
  const timed = (parts: string[]) => {
    const who: number[] = [];
    const at: number[] = [];
    for (let i = 2; i < parts.length; i++) {
      const p = parts[i]!;
      const colon = p.indexOf(':');
      who.push(parseInt(p.slice(0, colon), 36));
      at.push(parseInt(p.slice(colon + 1), 36));
    }
    return { key: parts[1]!, who, at };
  };
  for (let i = 1; i < lines.length; i++) {
    const parts = lines[i]!.split(' ');
    const tag = parts[0];
    if (tag === 'H') out.held.push({ key: parts[1]!, starts: parseInt(parts[2]!, 36), closes: parseInt(parts[3]!, 36) });
    else if (tag === 'P') out.present.push(timed(parts));
    else if (tag === 'F') out.filed.push(timed(parts));
    else if (tag === 'A') out.acks.push({ key: parts[1]!, who: parts.slice(2).map((r) => parseInt(r, 36)) });
    else if (tag === 'R') out.reports.push({ key: parts[1]!, at: parseInt(parts[2]!, 36) });
  }
  return out;
}

export function unpackData(text: string): TallyData {
  const d = emptyData();
  const t = readPacked(text);
  const byMember = (who: number[], at: number[]) => Object.fromEntries(who.map((w, i) => [t.members[w]!, at[i]!]));
  for (const h of t.held) d.held[h.key] = [h.starts, h.closes];
  for (const p of t.present) d.present[p.key] = byMember(p.who, p.at);
  for (const f of t.filed) d.filed[f.key] = byMember(f.who, f.at);
  for (const a of t.acks) d.acks[a.key] = Object.fromEntries(a.who.map((w) => [t.members[w]!, 1 as const]));
  for (const r of t.reports) d.reports[r.key] = r.at;
  return d;
}

export const parseTally = (stored: { _id: string; year: number; grid: string; street: string; data: string }): TallyDoc => ({ ...stored, data: unpackData(stored.data) });
export const packTally = (doc: TallyDoc) => ({ _id: doc._id, year: doc.year, grid: doc.grid, street: doc.street, data: packData(doc.data) });

async function streetOf(key: TallyKey): Promise<string> {
  if (key.street) return key.street;
  return (await GridModel.findById(key.grid, { street: 1 }).lean())?.street ?? '';
}

/** Writes facts into a tally; the caller holds its turn. */
async function applyFacts(key: TallyKey, facts: TallyFact[]): Promise<void> {
  const _id = tallyId(key.year, key.grid);
  const stored = await GridTallyModel.findById(_id).lean();
  const doc = stored ? parseTally(stored) : { _id, year: key.year, grid: key.grid, street: await streetOf(key), data: emptyData() };
  for (const f of facts) applyFact(doc.data, f);
  const packed = packTally(doc);
  if (stored) await GridTallyModel.collection.updateOne({ _id } as never, { $set: { data: packed.data } });
  else await GridTallyModel.collection.insertOne(packed as never);
}

/**
 * Writes a record (`write`, its own store write) and then the facts it makes, in one turn at the
 * tally: the writes of one grid's records and of its tally follow each other in the same order.
 */
export async function writeTallied<T>(key: TallyKey, write: () => Promise<T>, facts: (written: T) => TallyFact[]): Promise<T> {
  return inTurn(tallyId(key.year, key.grid), async () => {
    const written = await write();
    const f = facts(written);
    if (f.length) await applyFacts(key, f);
    return written;
  });
}

/** Adds facts to a tally (for records already written). */
export const addToTally = (key: TallyKey, facts: TallyFact[]) => writeTallied(key, async () => undefined, () => facts);

/** Folds facts into tallies in memory: the recount (and the benchmark's loader) use it. */
export class TallyFolder {
  readonly docs = new Map<string, TallyDoc>();
  add(key: Required<TallyKey>, f: TallyFact): void {
    const _id = tallyId(key.year, key.grid);
    const doc = this.docs.get(_id) ?? this.docs.set(_id, { _id, year: key.year, grid: key.grid, street: key.street, data: emptyData() }).get(_id)!;
    applyFact(doc.data, f);
  }
}
