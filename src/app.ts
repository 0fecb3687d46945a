import { Queue, Worker, UnrecoverableError, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import { systemClock, type Clock } from './core/clock.js';
import { EventLedger } from './core/eventLedger.js';
import { Inbox } from './core/inbox.js';
import { bumpAllTopics, bumpTopic, cacheChangesChannel } from './core/versionedCache.js';
import { onStoreChange, watchServerChanges, type CachedTopic } from './store/storeChanges.js';
import { loadCommands, loadJobs } from './core/loadModules.js';
import { CommandRouter } from './core/router.js';
import type { Services } from './core/services.js';
import { PlatformMobiles } from './identity/platformMobiles.js';
import { flushWorkCounts } from './metrics/workCounts.js';
import { logger } from './logger.js';
import { platformRates } from './outbound/limits.js';
import { Outbox } from './outbound/outbox.js';
import { SendError, SenderRegistry } from './outbound/sender.js';
import { createRedis, redisOptions } from './queue/connection.js';
import { upsertReminderSchedulers } from './reminders/schedulers.js';
import type { JobSpec } from './queue/job.js';
import { Takeover } from './queue/takeover.js';
import { loadBureauCalendar } from './store/calendarYears.js';
import { connectStore, disconnectStore } from './store/connect.js';

export interface AppOptions {
  config: Config;
  mongoUri: string;
  redisUrl: string;
  queuePrefix?: string;
  clock?: Clock;
}

/** The running bot: store, queues, router and workers, with the adapters plugged in around it. */
export interface App {
  services: Services;
  router: CommandRouter;
  /** Where each incoming platform event stands (accepted, done). */
  events: EventLedger;
  inbox: Inbox;
  outbox: Outbox;
  senders: SenderRegistry;
  queues: Map<string, Queue>;
  queue(name: string): Queue;
  startWorkers(): Promise<void>;
  /** Stops taking jobs, lets those in flight finish, closes connections. */
  close(): Promise<void>;
}

/** Exponential backoff with full jitter, or the platform's own wait when it named one. */
export function retryDelay(attemptsMade: number, err: Error | undefined, base = 500): number {
  if (err instanceof SendError && err.retryAfterMs !== undefined) return err.retryAfterMs + Math.floor(Math.random() * 250);
  const cap = base * 2 ** Math.min(attemptsMade, 10);
  return Math.floor(cap / 2 + Math.random() * (cap / 2));
}

export async function createApp(opts: AppOptions): Promise<App> {
  const prefix = opts.queuePrefix ?? 'statgrid';
  const redis: Redis = createRedis(opts.redisUrl, { pipelined: true });
  // The queues' own connection: BullMQ defines its dozens of scripts on it, and ioredis copies
  // every defined script into each MULTI and pipeline made on a connection, ours included.
  const queueRedis: Redis = createRedis(opts.redisUrl);
  // Commands and jobs first: the models they import must be registered before the store creates indexes.
  const [commands, jobs] = await Promise.all([loadCommands(), loadJobs()]);
  await connectStore(opts.mongoUri);
  await loadBureauCalendar();
  const router = new CommandRouter(commands);
  const queues = new Map<string, Queue>();
  const queue = (name: string) => {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, {
        connection: queueRedis,
        prefix,
        defaultJobOptions: { removeOnComplete: { age: 24 * 3600, count: 100_000 }, removeOnFail: { age: 7 * 24 * 3600 } },
      });
      // Without a listener BullMQ prints a lost Redis connection to stderr, past the logger; it reconnects by itself.
      q.on('error', (err) => logger.warn({ err, queue: name }, 'queue error'));
      queues.set(name, q);
    }
    return q;
  };
  const senders = new SenderRegistry();
  const services: Services = {
    config: opts.config, redis, clock: opts.clock ?? systemClock, queuePrefix: prefix, queue,
    mobiles: new PlatformMobiles(),
    download: (platform, ref, maxBytes) => senders.download(platform, ref, maxBytes),
  };
  const workers: Worker[] = [];
  let takeover: Takeover | undefined;
  const events = new EventLedger(redis, prefix);
  // A write to a cached topic drops this process's entries at once and is announced to the others,
  // whose subscriber drops theirs: no message asks Redis whether anything changed.
  const channel = cacheChangesChannel(prefix);
  const unwatchStore = onStoreChange((topic) => {
    bumpTopic(topic);
    return redis.publish(channel, topic);
  });
  const changes: Redis = createRedis(opts.redisUrl);
  changes.on('message', (_channel: string, topic: string) => bumpTopic(topic as CachedTopic));
  // Announcements made while the connection was away are lost: on every (re)connection, assume all changed.
  changes.on('ready', bumpAllTopics);
  changes.on('error', (err) => logger.warn({ err }, 'cache announcements connection error'));
  await changes.subscribe(channel);
  const stopServerChanges = await watchServerChanges();

  const app: App = {
    services,
    router,
    events,
    inbox: new Inbox(queue('inbound'), events),
    outbox: new Outbox(queue('outbound'), { redis, prefix, rates: platformRates(opts.config), batchSize: (p) => senders.batchSize(p) }),
    senders,
    queues,
    queue,
    startWorkers: async () => {
      const byQueue = new Map<string, JobSpec[]>();
      for (const job of jobs) byQueue.set(job.queue, [...(byQueue.get(job.queue) ?? []), job]);
      for (const [name, specs] of byQueue) {
        const concurrency = Math.max(1, ...specs.map((s) => s.concurrency ?? 1));
        const worker = new Worker(
          name,
          async (job: Job) => {
            const spec = specs.find((s) => s.name === job.name);
            if (!spec) throw new UnrecoverableError(`no handler for job ${job.name} on ${name}`);
            return spec.process(job, app);
          },
          {
            connection: redisOptions(opts.redisUrl),
            prefix,
            concurrency,
            lockDuration: opts.config.WORKER_LOCK_MS,
            stalledInterval: opts.config.WORKER_STALLED_CHECK_MS,
            settings: { backoffStrategy: (attemptsMade, _type, err) => retryDelay(attemptsMade, err) },
          },
        );
        worker.on('error', (err) => logger.warn({ err, queue: name }, 'worker error'));
        workers.push(worker);
      }
      await Promise.all(workers.map((w) => w.waitUntilReady()));
      const held = { lockMs: opts.config.WORKER_LOCK_MS, checkMs: opts.config.WORKER_STALLED_CHECK_MS };
      takeover = new Takeover(redis, prefix, [...byQueue.keys()].map(queue), workers.map((w) => w.id), held);
      await takeover.start();
      await upsertReminderSchedulers(app);
    },
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
      await takeover?.stop().catch(() => undefined);
      unwatchStore();
      await stopServerChanges?.();
      await Promise.all([...queues.values()].map((q) => q.close()));
      await flushWorkCounts();
      await Promise.all([redis, queueRedis, changes].map((r) => r.quit().catch(() => undefined)));
      await disconnectStore();
    },
  };
  return app;
}
