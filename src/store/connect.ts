import mongoose, { type Model } from 'mongoose';
import type { CreateIndexesOptions, IndexSpecification } from 'mongodb';
import { logger } from '../logger.js';

/** TTL indexes the backend could not create (FerretDB 1.x); housekeeping purges these by hand. */
export interface TtlFallback {
  model: Model<any>;
  field: string;
  seconds: number;
}
const ttlFallbacks: TtlFallback[] = [];

export async function connectStore(uri: string): Promise<typeof mongoose> {
  mongoose.set('strictQuery', true);
  mongoose.set('autoIndex', false);
  // After a database restart the driver fails every operation until its next server check finds it
  // again: checked every second rather than every ten, the bot is back before platforms stop redelivering.
  const conn = await mongoose.connect(uri, { serverSelectionTimeoutMS: 10_000, heartbeatFrequencyMS: 1000, autoIndex: false });
  await ensureIndexes();
  return conn;
}

export async function disconnectStore(): Promise<void> {
  await mongoose.disconnect();
}

const isNotImplemented = (err: unknown) => (err as { code?: number }).code === 238;

/** Server answers meaning it is shutting down or stepping down: another try soon will reach it. */
const SHUTTING_DOWN = new Set([91, 189, 11600, 11602]);

/**
 * The database could not be reached (a restart, a network fault): work that failed so is worth
 * running again shortly, unlike a bad query or a bug.
 */
/** A unique index met: the document (or one with its key) is there already. */
/** Whether the database answers now: the console's /healthz. */
export async function storeReachable(): Promise<boolean> {
  try {
    await mongoose.connection.db!.admin().ping();
    return true;
  } catch {
    return false;
  }
}

export const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;

/** The positions of an unordered batch insert that met a document already there, or undefined if anything else failed. */
export function duplicatesOnly(err: unknown): number[] | undefined {
  const errors = (err as { writeErrors?: Array<{ index: number; code?: number }> }).writeErrors;
  return Array.isArray(errors) && errors.length > 0 && errors.every((e) => e.code === 11000) ? errors.map((e) => e.index) : undefined;
}

export function isStoreUnavailable(err: unknown): boolean {
  const { MongoNetworkError, MongoServerSelectionError, MongoNotConnectedError, MongoTopologyClosedError, MongoServerError } = mongoose.mongo;
  if (err instanceof MongoNetworkError || err instanceof MongoServerSelectionError) return true;
  if (err instanceof MongoNotConnectedError || err instanceof MongoTopologyClosedError) return true;
  return err instanceof MongoServerError && SHUTTING_DOWN.has(Number(err.code));
}

/** Creates every schema-declared index; a TTL index the backend lacks becomes a plain one plus a purge. */
export async function ensureIndexes(): Promise<void> {
  for (const m of Object.values(mongoose.models)) {
    await m.createCollection().catch(() => undefined);
    for (const [definition, schemaOptions] of m.schema.indexes()) {
      const fields = definition as IndexSpecification;
      const options = schemaOptions as CreateIndexesOptions;
      try {
        await m.collection.createIndex(fields, options);
      } catch (err) {
        const seconds = options?.expireAfterSeconds;
        if (!isNotImplemented(err) || seconds === undefined) throw err;
        const { expireAfterSeconds: _ttl, ...rest } = options;
        await m.collection.createIndex(fields, rest);
        const field = Object.keys(definition)[0]!;
        if (!ttlFallbacks.some((f) => f.model === m && f.field === field)) ttlFallbacks.push({ model: m, field, seconds });
        logger.info({ model: m.modelName, field }, 'TTL index not supported by the backend; housekeeping purges it');
      }
    }
  }
}

/** Deletes documents whose TTL has passed, for backends without TTL indexes. */
export async function purgeExpired(now = new Date()): Promise<number> {
  let removed = 0;
  for (const { model: m, field, seconds } of ttlFallbacks) {
    const res = await m.deleteMany({ [field]: { $lt: new Date(now.getTime() - seconds * 1000) } });
    removed += res.deletedCount;
  }
  return removed;
}

/**
 * Inserts records loaded around the bot (the demo's year of history), a thousand at a time, as plain
 * documents: the caller builds them as the bot keeps them, `_id` included, and rebuilds what is derived
 * from them (the grid tallies). A document already there is skipped, so a re-run is harmless.
 */
type Insertable = { collection: { insertMany(docs: never[], o: object): Promise<unknown> } };
export async function loadRecords(model: Insertable, docs: object[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 1000) {
    await model.collection.insertMany(docs.slice(i, i + 1000) as never[], { ordered: false }).catch((err: unknown) => {
      if (!duplicatesOnly(err)) throw err;
    });
  }
}
