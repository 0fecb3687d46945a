import { DelayedError, UnrecoverableError, type Job, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { OutboundMessage, PlatformName } from '../core/types.js';
import { logger } from '../logger.js';
import { jobIdOf } from '../queue/jobIds.js';
import { DeadLetterModel } from '../store/models/deadLetter.js';
import { ChatOrder, chatOrderKey } from './chatOrder.js';
import { fitForChat } from './fitForChat.js';
import { stashedFile } from './fileStash.js';
import { batchKeyOf, BatchLedger, intoBatches, type BatchData } from './batches.js';
import { rulesFor, rulesForBatch, type platformRates } from './limits.js';
import { RateLimiter, type RateRule, type SendTicket } from './rateLimiter.js';
import { SendError, type SenderRegistry } from './sender.js';
import { countThrottled } from '../metrics/workCounts.js';

export const OUTBOUND_ATTEMPTS = 8;

/**
 * What a dead letter keeps of a message: not the reply hint's session webhook, a URL that lets
 * anyone who holds it post into the chat until it lapses.
 */
export function withoutCredentials(message: OutboundMessage): OutboundMessage {
  if (!message.replyHint) return message;
  const { sessionWebhook: _webhook, sessionWebhookExpiresAt: _expiry, ...hint } = message.replyHint;
  return { ...message, replyHint: hint };
}

/** A message with the key that makes its job id stable (e.g. the person or group it goes to). */
export interface KeyedMessage {
  key: string;
  message: OutboundMessage;
}

export interface OutboxOptions {
  redis: Redis;
  prefix: string;
  rates: ReturnType<typeof platformRates>;
  /** A registered message whose job never appeared (a crash between the two) is skipped after this. */
  orphanAfterMs?: number;
  /** A parked message looks again after this, in case its wake-up was missed. */
  parkMs?: number;
  /** People one batch send reaches on a platform (1 or unset: none batched there). */
  batchSize?: (platform: PlatformName) => number;
}

/**
 * Waits shorter than this are slept in the job; longer ones park it and free the worker slot (so
 * other chats' messages can pass a broadcast waiting on the app's window). Above a tenth of a
 * second with room to spare, so that a job waiting only for the app's pacing (`limits.ts`) sleeps.
 */
const SLEEP_BELOW_MS = 200;

/** Messages queued at a time: two seconds of sends at Lark's 50/s, ready a moment after a broadcast starts. */
const ENQUEUE_SLICE = 100;
/**
 * Broadcasts and reminders go out at this BullMQ priority, below replies (which have none): a reply
 * typed during a ten-minute broadcast overtakes its queued thousands, except in its own chat, whose
 * order holds.
 */
const BULK_PRIORITY = 10;

export interface EnqueueOptions {
  /**
   * Many messages at once (a broadcast, a reminder round), sent after any reply waiting; identical
   * private ones go out in batch sends where the platform has them.
   */
  bulk?: boolean;
}

const JOB_RETRIES = { attempts: OUTBOUND_ATTEMPTS, backoff: { type: 'jitteredExponential', delay: 500 } };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Every message the bot sends goes through here. Job ids derive from the event that caused them,
 * so a command re-run after a crash queues nothing twice. Delivery keeps each chat in order
 * (`ChatOrder`), the platforms' send limits (`RateLimiter`), retries rate limits and transient
 * faults with backoff, and writes a dead letter when it gives up.
 */
export class Outbox {
  private readonly order: ChatOrder;
  private readonly limiter: RateLimiter;
  private readonly batches: BatchLedger;
  private readonly orphanAfterMs: number;
  private readonly parkMs: number;

  constructor(
    private readonly queue: Queue,
    private readonly opts: OutboxOptions,
  ) {
    this.order = new ChatOrder(opts.redis, opts.prefix, queue.toKey(''));
    this.limiter = new RateLimiter(opts.redis, opts.prefix);
    this.batches = new BatchLedger(opts.redis, opts.prefix);
    this.orphanAfterMs = opts.orphanAfterMs ?? 30_000;
    this.parkMs = opts.parkMs ?? 5_000;
  }

  async enqueue(messages: OutboundMessage[], keyPrefix: string): Promise<void> {
    await this.enqueueKeyed(messages.map((message, i) => ({ key: String(i), message })), keyPrefix);
  }

  /**
   * Like `enqueue`, with a stable key per message (its recipient), so a re-run that finds more or
   * fewer to send still queues each one once. Queued in slices, one after another (so each chat's
   * order holds), and the first messages go out while the rest are still being queued.
   */
  async enqueueKeyed(items: KeyedMessage[], keyPrefix: string, o: EnqueueOptions = {}): Promise<void> {
    const { singles, batches } = o.bulk && this.opts.batchSize ? intoBatches(items, this.opts.batchSize) : { singles: items, batches: [] };
    await this.enqueueSingles(singles, keyPrefix, o);
    // Not in any chat's order: each person gets one message of a batch, and batches are not replies.
    for (let i = 0; i < batches.length; i += ENQUEUE_SLICE) {
      await this.queue.addBulk(
        batches.slice(i, i + ENQUEUE_SLICE).map((b) => ({
          name: 'sendBatch',
          data: { ...b, keyPrefix } satisfies BatchData,
          opts: { jobId: jobIdOf(`${keyPrefix}#${batchKeyOf(b.recipients)}`), ...JOB_RETRIES, priority: BULK_PRIORITY },
        })),
      );
    }
  }

  private async enqueueSingles(items: KeyedMessage[], keyPrefix: string, o: EnqueueOptions): Promise<void> {
    for (let i = 0; i < items.length; i += ENQUEUE_SLICE) await this.enqueueSlice(items.slice(i, i + ENQUEUE_SLICE), keyPrefix, o);
  }

  /** Chats are registered concurrently: pipelined round trips, not sequential ones. */
  private async enqueueSlice(items: KeyedMessage[], keyPrefix: string, o: EnqueueOptions): Promise<void> {
    const jobs = items.map(({ key, message }) => ({ data: fitForChat(message), id: jobIdOf(`${keyPrefix}#${key}`) }));
    // Registered before the jobs exist, so no job can overtake an earlier one of its chat.
    const byChat = new Map<string, string[]>();
    for (const j of jobs) {
      const chat = chatOrderKey(j.data);
      byChat.set(chat, [...(byChat.get(chat) ?? []), j.id]);
    }
    await Promise.all([...byChat].map(([chat, ids]) => this.order.register(chat, ids)));
    await this.queue.addBulk(
      jobs.map(({ data, id }) => ({
        name: 'sendMessage',
        data,
        opts: { jobId: id, ...JOB_RETRIES, ...(o.bulk && { priority: BULK_PRIORITY }) },
      })),
    );
  }

  /** Runs one `sendMessage` job: in its chat's turn, within the limits, once. */
  async deliver(job: Job<OutboundMessage>, senders: SenderRegistry): Promise<'sent' | 'already sent'> {
    const msg = job.data;
    const chat = chatOrderKey(msg);
    for (;;) {
      const turn = await this.order.turn(chat, job.id!);
      if (turn.state === 'gone') return 'already sent';
      if (turn.state === 'head') break;
      if (!(await this.dropStaleHead(chat, turn.head, turn.registeredAt))) return this.park(job, this.parkMs);
    }
    const ticket = await this.acquire(job, msg.platform, rulesFor(this.opts.rates, msg));
    let failed: { err: unknown } | undefined;
    try {
      const file = msg.file && (await stashedFile(this.opts.redis, this.opts.prefix, msg.file.key));
      if (msg.file && !file) throw new SendError(`file ${msg.file.name} is no longer stashed`, false);
      await senders.get(msg.platform).send(msg, { deliveryId: job.id!, file: file || undefined });
    } catch (err) {
      failed = { err };
    }
    await this.limiter.settle(ticket); // answered: the platform has counted it by now
    if (failed) await this.onSendFailed(job, chat, failed.err);
    await this.finish(chat, job.id!);
    return 'sent';
  }

  /** A send's place in the limits; a long wait parks the job (throws) instead of holding a worker slot. */
  private async acquire(job: Job, pauseScope: string, rules: RateRule[]): Promise<SendTicket> {
    for (;;) {
      const acquired = await this.limiter.acquire(pauseScope, rules);
      if ('ticket' in acquired) return acquired.ticket;
      if (acquired.wait >= SLEEP_BELOW_MS) return this.park(job, acquired.wait);
      await sleep(acquired.wait);
    }
  }

  /**
   * Runs one `sendBatch` job: one platform call for the people it still owns (see `BatchLedger`),
   * counted as one call by the app's limits. Those the batch could not reach, or all of them when
   * the batch fails for good, get their own single sends (with their retries and dead letters).
   */
  async deliverBatch(job: Job<BatchData>, senders: SenderRegistry): Promise<'sent' | 'already sent'> {
    const { message, recipients, keyPrefix } = job.data;
    const owned = await this.batches.claim(keyPrefix, job.id!, recipients.map((r) => r.key));
    const todo = recipients.filter((r) => owned.has(r.key));
    if (!todo.length) return 'already sent';
    const { pauseScope, rules } = rulesForBatch(this.opts.rates, message.platform);
    const ticket = await this.acquire(job, pauseScope, rules);
    let unreached: Set<string>;
    let failed: { err: unknown } | undefined;
    try {
      unreached = new Set((await senders.get(message.platform).sendBatch!(message, todo.map((r) => r.userId))).unreached);
    } catch (err) {
      failed = { err };
      unreached = new Set(todo.map((r) => r.userId));
    }
    await this.limiter.settle(ticket);
    if (failed) {
      if (await this.willRetry(job, message.platform, failed.err, pauseScope)) throw failed.err;
      logger.warn({ jobId: job.id, platform: message.platform, people: todo.length, err: failed.err }, 'batch send failed: single sends instead');
    }
    // Marked before anything else: a crash from here on must not send these people the batch again.
    await this.batches.mark(keyPrefix, todo.filter((r) => !unreached.has(r.userId)).map((r) => r.key), 'sent');
    const fallback = todo.filter((r) => unreached.has(r.userId));
    await this.enqueueSingles(fallback.map((r) => ({ key: r.key, message: { ...message, userId: r.userId } })), keyPrefix, { bulk: true });
    await this.batches.mark(keyPrefix, fallback.map((r) => r.key), 'single');
    return 'sent';
  }

  /** Counts and applies a platform's throttling; true when the job should be tried again (the caller throws). */
  private async willRetry(job: Job, platform: PlatformName, err: unknown, pauseScope: string = platform): Promise<boolean> {
    const sendError = err instanceof SendError ? err : undefined;
    const retryable = sendError ? sendError.retryable : true;
    // A wait the platform named is its rate limit: counted, for /metrics.
    if (sendError?.retryAfterMs !== undefined) await countThrottled({ redis: this.opts.redis, queuePrefix: this.opts.prefix }, platform, sendError.scope);
    if (sendError?.retryAfterMs !== undefined && sendError.scope === 'app') await this.limiter.pause(pauseScope, sendError.retryAfterMs);
    const lastTry = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return retryable && !lastTry;
  }

  private async onSendFailed(job: Job<OutboundMessage>, chat: string, err: unknown): Promise<never> {
    if (await this.willRetry(job, job.data.platform, err)) throw err; // BullMQ retries with backoff; the job stays its chat's head
    const reason = err instanceof Error ? err.message : String(err);
    await DeadLetterModel.updateOne(
      { _id: job.id },
      {
        $setOnInsert: {
          platform: job.data.platform,
          chatId: job.data.chatId,
          userId: job.data.userId,
          message: withoutCredentials(job.data),
          error: reason,
          attempts: job.attemptsMade + 1,
          failedAt: new Date(),
        },
      },
      { upsert: true },
    );
    logger.error({ jobId: job.id, platform: job.data.platform, chatId: job.data.chatId, error: reason }, 'message dead-lettered');
    await this.finish(chat, job.id!);
    throw new UnrecoverableError(reason);
  }

  /** Frees the chat and wakes its next message. */
  private async finish(chat: string, id: string): Promise<void> {
    const next = await this.order.release(chat, id);
    if (next) await this.wake(next);
  }

  /**
   * Promotes a parked job. One that is still active is about to park itself (it saw the previous
   * head a moment ago), so it gets a few short tries before the park timer is left to wake it.
   */
  private async wake(id: string): Promise<void> {
    for (let tries = 0; tries < 20; tries++) {
      const job = await this.queue.getJob(id);
      const state = job ? await job.getState() : 'unknown';
      if (state === 'delayed') {
        await job!.promote().catch(() => undefined);
        return;
      }
      if (state !== 'active') return;
      await sleep(10);
    }
  }

  /**
   * The head of a chat's order may be left over: its job finished (a re-enqueue after it was sent
   * registered it again) or never appeared (a crash between registering and adding). Drops it then.
   */
  private async dropStaleHead(chat: string, head: string, registeredAt: number): Promise<boolean> {
    const job = await this.queue.getJob(head);
    const state = job ? await job.getState() : undefined;
    const finished = state === 'completed' || state === 'failed';
    const orphan = !job && Date.now() - registeredAt > this.orphanAfterMs;
    if (!finished && !orphan) return false;
    logger.warn({ chat, head, state: state ?? 'missing' }, 'dropping a stale entry of the outbound order');
    await this.order.release(chat, head);
    return true;
  }

  private async park(job: Job, ms: number): Promise<never> {
    await job.moveToDelayed(Date.now() + ms, job.token);
    throw new DelayedError();
  }
}
