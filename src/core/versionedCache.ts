import type { CachedTopic } from '../store/storeChanges.js';
import type { Services } from './services.js';

/** Entries a cache keeps at most; the oldest go first (a district's active members and all its grids fit). */
const CAPACITY = 50_000;
/**
 * Entries are read again after this long even if the version stands: a write no process announced
 * (mongosh on a server without change streams, a crash between a write and its announcement, an
 * announcement lost on its way) is seen within this bound.
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

/** The channel on which every process announces a write to a cached topic (see `createApp`). */
export const cacheChangesChannel = (prefix: string) => `${prefix}:cache-changes`;

const caches: VersionedCache[] = [];
/** Each topic's version in this process: bumped by a write here, or by one announced from another process. */
const versions = new Map<CachedTopic, number>();

/** A topic changed (here or elsewhere): its caches drop their entries before their next read. */
export function bumpTopic(topic: CachedTopic): void {
  versions.set(topic, (versions.get(topic) ?? 0) + 1);
}

/** Every topic may have changed unheard (the announcements' connection was away). */
export function bumpAllTopics(): void {
  for (const c of caches) bumpTopic(c.topic);
}

/**
 * Reads kept in memory while their topic's version in this process stands (writes anywhere are
 * announced to every process, see `createApp`), and each for at most `CACHE_MAX_AGE_MS` after it
 * was read (its own age, so the cache is not emptied all at once every minute). Entries are
 * frozen, since every message that hits one shares it.
 */
export class VersionedCache {
  private version = -1;
  /** The app's clock at the last `settle`, in ms: what a new entry's age counts from. */
  private now = 0;
  private entries = new Map<string, { readAt: number; value: Promise<unknown> }>();

  constructor(readonly topic: CachedTopic) {
    caches.push(this);
  }

  /** Drops every entry if its topic changed since they were read; notes the time (ms) ages count by. */
  settle(now: number): void {
    this.now = now;
    const version = versions.get(this.topic) ?? 0;
    if (version === this.version) return;
    this.version = version;
    this.entries = new Map(); // loads still running finish into the old map, never into this one
  }

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const entries = this.entries;
    let entry = entries.get(key);
    if (!entry || this.now - entry.readAt >= CACHE_MAX_AGE_MS) {
      const fresh = { readAt: this.now, value: load().then(deepFreeze) };
      fresh.value.catch(() => entries.get(key) === fresh && entries.delete(key)); // a failed load is tried again next time
      entries.delete(key); // read again: to the end of the eviction order
      if (entries.size >= CAPACITY) entries.delete(entries.keys().next().value!);
      entries.set(key, (entry = fresh));
    }
    return entry.value as Promise<T>;
  }
}

/** Once per message, before its lookups: drops what changed or is past its age (by the app's clock); no round trip. */
export function refreshCaches({ clock }: Pick<Services, 'clock'>): void {
  const now = clock.now().getTime();
  for (const c of caches) c.settle(now);
}
