import type { Redis } from 'ioredis';
import type { CachedTopic } from '../store/storeChanges.js';

/** Entries a cache keeps at most; the oldest go first (a district's active members and all its grids fit). */
const CAPACITY = 50_000;

/** Freezes plain objects and arrays all the way down, leaving class instances (dates, ids) alone. */
function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return value;
  for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
}

/** Where a topic's version lives: `watchWrites` has it bumped after every write, in any process. */
export const topicVersionKey = (prefix: string, topic: CachedTopic) => `${prefix}:version:${topic}`;

const caches: VersionedCache[] = [];

/**
 * Reads kept in memory while their topic's version in Redis stands (see `watchWrites`). Entries
 * are frozen, since every message that hits one shares it.
 */
export class VersionedCache {
  private tag: string | undefined;
  private entries = new Map<string, Promise<unknown>>();

  constructor(readonly topic: CachedTopic) {
    caches.push(this);
  }

  /** Drops every entry if the version is not the one they were read under. */
  settle(tag: string): void {
    if (tag === this.tag) return;
    this.tag = tag;
    this.entries = new Map(); // loads still running finish into the old map, never into this one
  }

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const entries = this.entries;
    let entry = entries.get(key);
    if (!entry) {
      entry = load().then(deepFreeze);
      entry.catch(() => entries.delete(key)); // a failed load is tried again next time
      if (entries.size >= CAPACITY) entries.delete(entries.keys().next().value!);
      entries.set(key, entry);
    }
    return entry as Promise<T>;
  }
}

/** Once per message, before its lookups: one round trip tells every cache whether its topic changed. */
export async function refreshCaches(redis: Redis, prefix: string): Promise<void> {
  const keys = caches.map((c) => topicVersionKey(prefix, c.topic));
  const versions = await redis.mget(keys);
  caches.forEach((c, i) => c.settle(`${keys[i]}=${versions[i] ?? 0}`));
}
