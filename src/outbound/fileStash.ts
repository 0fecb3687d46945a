import type { Redis } from 'ioredis';

/** A file waits this long for its message to be sent (retries, a restart), then is dropped. */
const KEEP_SECONDS = 24 * 3600;

const keyOf = (prefix: string, key: string) => `${prefix}:outfile:${key}`;

/**
 * Files the bot sends wait in Redis beside their queued message, not inside it: a job's data is
 * copied on every retry and park, and any process may send it.
 */
export async function stashFile(redis: Redis, prefix: string, key: string, bytes: Buffer): Promise<void> {
  await redis.set(keyOf(prefix, key), bytes, 'EX', KEEP_SECONDS);
}

export async function stashedFile(redis: Redis, prefix: string, key: string): Promise<Buffer | undefined> {
  return (await redis.getBuffer(keyOf(prefix, key))) ?? undefined;
}

export async function discardStashedFile(redis: Redis, prefix: string, key: string): Promise<void> {
  await redis.del(keyOf(prefix, key));
}
