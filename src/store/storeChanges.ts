import type { MongooseQueryMiddleware, Schema } from 'mongoose';

/**
 * What in-process caches keep: the directory (members, chat identities, chat bindings, grids) and
 * activities. Both change rarely and are read on most messages.
 */
export type CachedTopic = 'directory' | 'activities';

type Listener = (topic: CachedTopic) => Promise<unknown>;
const listeners = new Set<Listener>();

/** Called after every write to a cached topic's collections; returns the unsubscribe. */
export function onStoreChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

const QUERY_WRITES: MongooseQueryMiddleware[] = ['updateOne', 'updateMany', 'replaceOne', 'deleteOne', 'deleteMany', 'findOneAndUpdate', 'findOneAndReplace', 'findOneAndDelete'];

/**
 * Makes every write through this schema's model announce itself, however it is made (command,
 * import, seed, admin task), so caches of the topic in any process can tell they are stale.
 */
export function watchWrites(schema: Schema, topic: CachedTopic): void {
  const changed = async () => {
    await Promise.all([...listeners].map((l) => l(topic)));
  };
  schema.post(QUERY_WRITES, { document: false, query: true }, changed);
  schema.post(['save', 'deleteOne'], { document: true, query: false }, changed);
  schema.post('insertMany', changed);
  schema.post('bulkWrite', changed);
}
