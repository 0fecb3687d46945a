import type { Redis } from 'ioredis';

/** Entries kept at most; the oldest go first (a district's active members and all its grids fit). */
const CAPACITY = 50_000;

/** Freezes plain objects and arrays all the way down, leaving class instances (dates, ids) alone. */
function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return value;
  for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
}

/**
 * The directory lookups every message makes (chat identity → member, chat → grid, grid by code),
 * kept in memory while the directory's version in Redis stands: `watchDirectory` bumps it after
 * every write to members, identities, bindings or grids, in whichever process writes. Entries are
 * frozen, since every message that hits one shares it.
 */
export class DirectoryCache {
  private tag: string | undefined;
  private entries = new Map<string, Promise<unknown>>();

  /** Once per message, before its lookups: drops every entry if the directory changed since. */
  async refresh(redis: Redis, versionKey: string): Promise<void> {
    const tag = `${versionKey}=${(await redis.get(versionKey)) ?? 0}`;
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

export const directoryVersionKey = (prefix: string) => `${prefix}:directory:version`;
