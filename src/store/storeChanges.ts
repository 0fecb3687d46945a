import mongoose, { type MongooseQueryMiddleware, type Schema } from 'mongoose';
import { logger } from '../logger.js';

/**
 * What in-process caches keep: the directory (members, chat identities, chat bindings, grids),
 * activities and the streets' reminder settings. All change rarely and are read on many messages.
 */
export type CachedTopic = 'directory' | 'activities' | 'settings';

type Listener = (topic: CachedTopic) => Promise<unknown>;
const listeners = new Set<Listener>();
/** The topic of each watched schema, so a change stream event can be told by its collection. */
const topicOfSchema = new WeakMap<Schema, CachedTopic>();

/** Called after every write to a cached topic's collections; returns the unsubscribe. */
export function onStoreChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

const announce = async (topic: CachedTopic) => {
  await Promise.all([...listeners].map((l) => l(topic)));
};

const QUERY_WRITES: MongooseQueryMiddleware[] = ['updateOne', 'updateMany', 'replaceOne', 'deleteOne', 'deleteMany', 'findOneAndUpdate', 'findOneAndReplace', 'findOneAndDelete'];

/**
 * Makes every write through this schema's model announce itself, however it is made (command,
 * import, seed, admin task), so caches of the topic in any process can tell they are stale.
 */
export function watchWrites(schema: Schema, topic: CachedTopic): void {
  topicOfSchema.set(schema, topic);
  const changed = () => announce(topic);
  schema.post(QUERY_WRITES, { document: false, query: true }, changed);
  schema.post(['save', 'deleteOne'], { document: true, query: false }, changed);
  schema.post('insertMany', changed);
  schema.post('bulkWrite', changed);
}

/** The cached topic a collection belongs to, if any (by the models registered with mongoose). */
export function topicOfCollection(collection: string): CachedTopic | undefined {
  for (const m of Object.values(mongoose.models)) if (m.collection.collectionName === collection) return topicOfSchema.get(m.schema);
  return undefined;
}

/**
 * Where the server has change streams (a MongoDB replica set), every write to a cached topic's
 * collections announces itself too, including those made around the app (mongosh, another tool).
 * A standalone server or the embedded FerretDB has none: then nothing is watched, and the caches'
 * bounded age is what heals such writes. Returns the stop function, or undefined when not watching.
 */
export async function watchServerChanges(): Promise<(() => Promise<void>) | undefined> {
  const db = mongoose.connection.db;
  if (!db) return undefined;
  const hello = await db.admin().command({ hello: 1 }).catch(() => undefined);
  if (!hello?.setName) return undefined;
  const stream = db.watch([{ $project: { ns: 1 } }]);
  stream.on('change', (event: { ns?: { coll?: string } }) => {
    const topic = event.ns?.coll ? topicOfCollection(event.ns.coll) : undefined;
    if (topic) announce(topic).catch((err: unknown) => logger.warn({ err, topic }, 'cache version bump failed'));
  });
  // A stream that breaks (failover beyond the driver's resume) leaves the bounded age in charge.
  stream.on('error', (err) => logger.warn({ err }, 'change stream stopped; caches fall back to their bounded age'));
  return () => stream.close();
}
