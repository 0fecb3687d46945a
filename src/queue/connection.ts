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

export function createRedis(url: string): Redis {
  return new Redis(redisOptions(url));
}
