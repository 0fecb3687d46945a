import { randomUUID } from 'node:crypto';
import type { JobType, Queue } from 'bullmq';
import { inject } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import type { Clock } from '../../src/core/clock.js';
import { eventKeyOf } from '../../src/core/dispatch.js';
import type { InboundMessage, OutboundMessage, PlatformName } from '../../src/core/types.js';
import type { PlatformSender, SendOptions } from '../../src/outbound/sender.js';


/** A per-person command rate no test reaches (the limit's own test sets one). */
export const UNLIMITED = '1000000';

/** Records what the bot sends on a platform, as the chat would show it. */
export class RecordingSender implements PlatformSender {
  readonly sent: OutboundMessage[] = [];
  /** What was sent under each delivery id (a queued message's job id, or a direct reply's). */
  readonly byDelivery = new Map<string, OutboundMessage>();
  async send(msg: OutboundMessage, opts?: SendOptions): Promise<void> {
    this.sent.push(msg);
    if (opts) this.byDelivery.set(opts.deliveryId, msg);
  }
}

export async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

/**
 * Waits until a queue has nothing waiting, prioritized (bulk sends) or running, and with `delayed`
 * nothing parked or scheduled either.
 */
export async function untilIdle(queue: Queue, o: { delayed?: boolean; timeoutMs?: number } = {}): Promise<void> {
  const states: JobType[] = ['waiting', 'active', 'prioritized', ...(o.delayed ? (['delayed'] as const) : [])];
  await waitFor(async () => Object.values(await queue.getJobCounts(...states)).every((n) => n === 0) || undefined, o.timeoutMs, `queue ${queue.name} idle`);
}

export interface TestApp {
  app: App;
  sender: RecordingSender;
  /** Sends a line as a console user in a chat and returns the replies it caused. */
  say(text: string, opts: { as: string; chat?: string; chatType?: 'group' | 'p2p'; eventId?: string }): Promise<string[]>;
  message(text: string, opts: { as: string; chat?: string; chatType?: 'group' | 'p2p'; eventId?: string }): InboundMessage;
  /** Waits until an accepted event is handled and its replies are delivered (sent directly or through the queue). */
  settle(msg: InboundMessage): Promise<OutboundMessage[]>;
  /**
   * Runs a queue's delayed jobs now, as if their real time had come, and waits until the queue is
   * idle. Handlers judge by the app's clock, so a job that is not due by it waits again.
   */
  runDelayed(queue: string): Promise<void>;
  /** The database name, also the queue prefix: pass it to another `startTestApp` to restart on the same data. */
  dbName: string;
  close(): Promise<void>;
}

/** A real app on the run's FerretDB and Redis, in its own database and queue prefix. */
export async function startTestApp(opts: { clock?: Clock; env?: Record<string, string>; dbName?: string } = {}): Promise<TestApp> {
  const dbName = opts.dbName ?? `t_${randomUUID().slice(0, 8)}`;
  const config = parseConfig({ LOG_LEVEL: 'silent', REMINDERS: 'off', COMMANDS_PER_MINUTE: UNLIMITED, ...opts.env });
  const app = await createApp({
    config,
    mongoUri: `${inject('mongoBaseUri')}/${dbName}`,
    redisUrl: inject('redisUrl'),
    queuePrefix: dbName,
    clock: opts.clock,
  });
  const sender = new RecordingSender();
  app.senders.register('console', sender);
  await app.startWorkers();

  const message: TestApp['message'] = (text, o) => ({
    platform: 'console' as PlatformName,
    eventId: o.eventId ?? randomUUID(),
    chatId: o.chat ?? 'none',
    chatType: o.chatType ?? 'group',
    senderId: o.as,
    text,
    addressedToBot: true,
    receivedAt: Date.now(),
  });
  const settle = async (msg: InboundMessage) => {
    const key = eventKeyOf(msg);
    await waitFor(() => app.events.isDone(key), 15_000, `event ${key} handled`);
    const ours = (id: string | undefined) => !!id?.startsWith(encodeURIComponent(`${key}#`));
    const jobs = await app.queue('outbound').getJobs(['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed']);
    const mine = jobs.filter((j) => ours(j.id));
    await waitFor(async () => {
      const states = await Promise.all(mine.map((j) => j.getState()));
      return states.every((s) => s === 'completed' || s === 'failed');
    }, 15_000, 'replies delivered');
    const replies = new Map(mine.map((j) => [j.id!, j.data as OutboundMessage]));
    for (const [id, m] of sender.byDelivery) if (ours(id) && !replies.has(id)) replies.set(id, m);
    return [...replies].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, m]) => m);
  };
  return {
    app,
    sender,
    message,
    settle,
    say: async (text, o) => {
      const msg = message(text, o);
      await app.inbox.accept(msg);
      return (await settle(msg)).map((m) => m.text);
    },
    runDelayed: async (name) => {
      const queue = app.queue(name);
      await Promise.all((await queue.getDelayed()).map((j) => j.promote()));
      await waitFor(async () => {
        const counts = await queue.getJobCounts('waiting', 'active', 'prioritized');
        return Object.values(counts).every((n) => n === 0);
      }, 15_000, `queue ${name} idle`);
    },
    dbName,
    close: () => app.close(),
  };
}
