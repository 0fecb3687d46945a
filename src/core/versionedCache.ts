import type { CachedTopic } from '../store/storeChanges.js';
import type { Services } from './services.js';

/** Entries a cache keeps at most; the oldest go first (a district's active members and all its grids fit). */
const CAPACITY = 50_000;
/**
 * Entries are read again after this long even if the version stands: a write the versions never
 * heard of (mongosh on a server without change streams, a crash between a write and its bump)
 * is seen within this bound.
 */
export const CACHE_MAX_AGE_MS = 60_000;

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
 * Reads kept in memory while their topic's version in Redis stands (see `watchWrites`), and for at
 * most `CACHE_MAX_AGE_MS`. Entries are frozen, since every message that hits one shares it.
 */
export class VersionedCache {
  private tag: string | undefined;
  private since = 0;
  private entries = new Map<string, Promise<unknown>>();

  constructor(readonly topic: CachedTopic) {
    caches.push(this);
  }

  /** Drops every entry if the version is not the one they were read under, or they are too old (times in ms). */
  settle(tag: string, now: number): void {
    if (tag === this.tag && now - this.since < CACHE_MAX_AGE_MS) return;
    this.tag = tag;
    this.since = now;
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

/**
 * Once per message, before its lookups: one round trip tells every cache whether its topic changed,
 * and the app's clock whether its entries are past their age.
 */
export async function refreshCaches({ redis, queuePrefix, clock }: Pick<Services, 'redis' | 'queuePrefix' | 'clock'>): Promise<void> {
  const keys = caches.map((c) => topicVersionKey(queuePrefix, c.topic));
  const versions = await redis.mget(keys);
  const now = clock.now().getTime();
  caches.forEach((c, i) => c.settle(`${keys[i]}=${versions[i] ?? 0}`, now));
}
