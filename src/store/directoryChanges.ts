import type { MongooseQueryMiddleware, Schema } from 'mongoose';

type Listener = () => Promise<unknown>;
const listeners = new Set<Listener>();

/** Called after every write to the directory (members, chat identities, chat bindings, grids); returns the unsubscribe. */
export function onDirectoryChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

async function changed(): Promise<void> {
  await Promise.all([...listeners].map((l) => l()));
}

const QUERY_WRITES: MongooseQueryMiddleware[] = ['updateOne', 'updateMany', 'replaceOne', 'deleteOne', 'deleteMany', 'findOneAndUpdate', 'findOneAndReplace', 'findOneAndDelete'];

/**
 * Makes every write through this schema's model announce itself, however it is made (command,
 * import, seed, admin task), so caches of the directory in any process can tell they are stale.
 */
export function watchDirectory(schema: Schema): void {
  schema.post(QUERY_WRITES, { document: false, query: true }, changed);
  schema.post(['save', 'deleteOne'], { document: true, query: false }, changed);
  schema.post('insertMany', changed);
  schema.post('bulkWrite', changed);
}
