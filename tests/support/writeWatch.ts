import { AsyncLocalStorage } from 'node:async_hooks';
import mongoose from 'mongoose';

const WRITES = new Set([
  'insertOne', 'insertMany', 'updateOne', 'updateMany', 'replaceOne', 'deleteOne', 'deleteMany', 'bulkWrite',
  'findOneAndUpdate', 'findOneAndReplace', 'findOneAndDelete', 'findAndModify', 'drop', 'rename',
]);

/** Collections of bookkeeping, not domain state: the audit trail. */
export const BOOKKEEPING = new Set(['auditlogs']);

export interface Watched<T> {
  value: T;
  /** Collections written, in order (one entry per write). */
  writes: string[];
}

/**
 * Records every write the store layer sends while a piece of work runs, attributed to that work
 * even when several run at once (through mongoose's debug hook, which sees each collection call).
 * It only watches: the writes go to the database as usual.
 */
export class WriteWatch {
  private readonly current = new AsyncLocalStorage<string[]>();
  /** Writes made outside any watched work (e.g. by queue workers), for a whole-window view. */
  readonly unattributed: string[] = [];

  constructor() {
    mongoose.set('debug', (collection: string, method: string) => {
      if (!WRITES.has(method)) return;
      (this.current.getStore() ?? this.unattributed).push(collection);
    });
  }

  async run<T>(work: () => Promise<T>): Promise<Watched<T>> {
    const writes: string[] = [];
    const value = await this.current.run(writes, work);
    return { value, writes };
  }

  stop(): void {
    mongoose.set('debug', false);
  }
}

/** Every document of every collection but the bookkeeping ones, to compare a database before and after. */
export async function storeSnapshot(exclude: Set<string> = BOOKKEEPING): Promise<Map<string, string>> {
  const db = mongoose.connection.db!;
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((n) => !exclude.has(n)).sort();
  const out = new Map<string, string>();
  for (const name of names) out.set(name, JSON.stringify(await db.collection(name).find().sort({ _id: 1 }).toArray()));
  return out;
}

/** The collections whose documents differ between two snapshots. */
export function changedCollections(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((n) => before.get(n) !== after.get(n) && !(before.get(n) === undefined && after.get(n) === '[]')).sort();
}
