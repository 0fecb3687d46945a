import type { RedisOptions } from 'bullmq';
import { Redis } from 'ioredis';

/** BullMQ needs `maxRetriesPerRequest: null` so a blocked worker waits through a Redis restart. */
export function redisOptions(url: string): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}

/**
 * `pipelined`: the commands of one turn of the event loop go out in one write (ioredis' auto
 * pipelining), so concurrent jobs share a system call instead of making one each. Not for a
 * connection that blocks or subscribes.
 */
export function createRedis(url: string, o: { pipelined?: boolean } = {}): Redis {
  return new Redis({ ...redisOptions(url), enableAutoPipelining: o.pipelined ?? false });
}
