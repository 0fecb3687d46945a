import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { Clock } from './clock.js';
import type { PlatformMobiles } from '../identity/platformMobiles.js';
import type { PlatformName } from './types.js';

/** Shared adapters a command or job may reach; wired once in `createApp`. */
export interface Services {
  config: Config;
  redis: Redis;
  clock: Clock;
  /** Prefix of every BullMQ key, so test runs and bots on one Redis stay apart. */
  queuePrefix: string;
  /** A BullMQ queue by name (shared with the app), for commands that schedule work. */
  queue(name: string): Queue;
  /** The mobile numbers platforms vouch for (their adapters register how to ask). */
  mobiles: PlatformMobiles;
  /** A file a user sent, fetched from its platform; refused past `maxBytes` without reading the rest. */
  download(platform: PlatformName, ref: string, maxBytes: number): Promise<Buffer>;
}
