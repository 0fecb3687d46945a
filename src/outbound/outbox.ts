import { DelayedError, UnrecoverableError, type Job, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { OutboundMessage, PlatformName } from '../core/types.js';
import { logger } from '../logger.js';
import { jobIdOf } from '../queue/jobIds.js';
import { DeadLetterModel } from '../store/models/deadLetter.js';
import { LuaScript } from '../queue/luaScript.js';
import { ChatOrder, chatOrderKey, REGISTER_FN, SENT_RETENTION_SECONDS } from './chatOrder.js';
import { fitForChat } from './fitForChat.js';
import type { KeyedMessage } from './keyedMessage.js';
import { stashedFile } from './fileStash.js';
import { batchKeyOf, BatchLedger, intoBatches, type BatchData } from './batches.js';
import { rulesFor, rulesForBatch, type platformRates } from './limits.js';
import { ACQUIRE_FN, RateLimiter, SETTLE_FN, type RateRule, type SendTicket } from './rateLimiter.js';
import { SendError, type SenderRegistry } from './sender.js';
import { countThrottled } from '../metrics/workCounts.js';

export type { KeyedMessage };

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

// A direct reply's turn and send in one round trip. KEYS: the chat's order, its sequence, then
// acquire's keys (pause, member counter, one per rule). ARGV: the job key prefix, the sent prefix,
// the count of ids, the ids, then acquire's arguments. A chat where another's message waits is
// 'busy': the reply is queued behind it, as it is when its head has a job (queued by an earlier run).
// Else the ids not sent yet are registered, and the chat's head (ours) takes a send from the limits:
// returns it with acquire's answer, or 'sent' if none is left.
const DIRECT = new LuaScript(`${REGISTER_FN}${ACQUIRE_FN}
local n = tonumber(ARGV[3])
local ids = {unpack(ARGV, 4, 3 + n)}
local head = redis.call('ZRANGE', KEYS[1], 0, 0)[1]
if head then
  local ours = false
  for i = 1, n do if ids[i] == head then ours = true end end
  if not ours then return {'busy'} end
end
register(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ids)
head = redis.call('ZRANGE', KEYS[1], 0, 0)[1]
if not head then return {'sent'} end
if redis.call('EXISTS', ARGV[1] .. head) == 1 then return {'busy'} end
return {head, acquire(KEYS[3], KEYS[4], {unpack(KEYS, 5)}, {unpack(ARGV, 4 + n)})}`);

// A direct send answered: KEYS: the chat's order, the message's sent mark, the key of a mark to
// set with it (`DoneMark`, or the sent mark again), then the ticket's arrival-counted keys; ARGV:
// its id, the ticket's member, the sent mark's lifetime, the other mark's value and lifetime, the
// keys' windows. Counts the send at its answer, marks it sent (and its event done, with its last
// message), frees the chat and names the chat's next message.
const FINISH_DIRECT = new LuaScript(`${SETTLE_FN}
settle({unpack(KEYS, 4)}, ARGV[2], {unpack(ARGV, 6)})
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], '1', 'EX', ARGV[3])
if KEYS[3] ~= KEYS[2] then redis.call('SET', KEYS[3], ARGV[4], 'EX', ARGV[5]) end
return redis.call('ZRANGE', KEYS[1], 0, 0)[1]`);

/** A Redis key to set once a reply is all sent, in the same round trip (the event ledger's "done"). */
export interface DoneMark {
  key: string;
  value: string;
  seconds: number;
}

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

  /**
   * A reply, sent by the job that handled its message where nothing has to wait: in each chat with
   * nothing of another's queued ahead, its messages go out here, one by one as the limits allow,
   * with a queued message's bookkeeping (registered in the chat's order, taken from and counted by
   * the limits, marked sent under its job id, so a re-run sends none twice). What must wait (a busy
   * chat, a throttled app or chat, a failed send and what follows it, a card's update) is queued
   * as `enqueue` would, under the same job ids. A reply to one chat sent whole sets `done` with its
   * last message; returns whether it did (else the caller sets it).
   */
  async reply(messages: OutboundMessage[], keyPrefix: string, senders: SenderRegistry, done: DoneMark): Promise<boolean> {
    const byChat = new Map<string, KeyedMessage[]>();
    messages.forEach((message, i) => {
      const chat = chatOrderKey(message);
      byChat.set(chat, [...(byChat.get(chat) ?? []), { key: String(i), message }]);
    });
    const marked = await Promise.all(
      [...byChat].map(async ([chat, items]) => {
        const direct = !items.some((it) => it.message.updates);
        const sent = direct ? await this.sendDirect(chat, items, keyPrefix, senders, byChat.size === 1 ? done : undefined) : { left: items, marked: false };
        if (sent.left.length) await this.enqueueKeyed(sent.left, keyPrefix);
        return sent.marked;
      }),
    );
    return marked.some(Boolean);
  }

  /**
   * Sends one chat's messages of a reply while it is their turn and the limits allow; returns those
   * left, and whether `done` (if given) was set with the last one.
   */
  private async sendDirect(
    chat: string,
    items: KeyedMessage[],
    keyPrefix: string,
    senders: SenderRegistry,
    done?: DoneMark,
  ): Promise<{ left: KeyedMessage[]; marked: boolean }> {
    const ids = items.map((it) => jobIdOf(`${keyPrefix}#${it.key}`));
    const rules = rulesFor(this.opts.rates, items[0]!.message); // one chat, no card updates: the same for all
    const limits = this.limiter.acquireArgs(items[0]!.message.platform, rules);
    const chatKey = this.order.key(chat);
    for (;;) {
      const keys = [chatKey, this.order.seqKey, ...limits.keys];
      const args = [this.order.jobKeyPrefix, this.order.sentPrefix, ids.length, ...ids, ...limits.args];
      const [head, acquired] = (await DIRECT.run(this.opts.redis, keys, args)) as [string, number?];
      if (head === 'busy') return { left: items, marked: false };
      if (head === 'sent') return { left: [], marked: false }; // by an earlier run of the job
      const at = ids.indexOf(head);
      const taken = this.limiter.acquired(rules, acquired!);
      if (!('ticket' in taken)) return { left: items.slice(at), marked: false };
      const { ticket } = taken;
      try {
        await this.sendOne(fitForChat(items[at]!.message), head, senders);
      } catch (err) {
        await this.limiter.settle(ticket);
        await this.noteThrottled(items[at]!.message.platform, err);
        return { left: items.slice(at), marked: false }; // its job tries again, with the backoff and the dead letter
      }
      const sentMark = `${this.order.sentPrefix}${head}`;
      const last = done && at === ids.length - 1 ? done : { key: sentMark, value: '', seconds: 0 };
      const finishKeys = [chatKey, sentMark, last.key, ...ticket.keys];
      const finishArgs = [head, ticket.member, SENT_RETENTION_SECONDS, last.value, last.seconds, ...ticket.windows];
      const next = (await FINISH_DIRECT.run(this.opts.redis, finishKeys, finishArgs)) as string | null;
      if (next && ids.includes(next)) continue;
      if (next) await this.wake(next); // another reply queued behind this one meanwhile
      return { left: [], marked: last === done };
    }
  }

  private async sendOne(msg: OutboundMessage, deliveryId: string, senders: SenderRegistry): Promise<void> {
    const file = msg.file && (await stashedFile(this.opts.redis, this.opts.prefix, msg.file.key));
    if (msg.file && !file) throw new SendError(`file ${msg.file.name} is no longer stashed`, false);
    await senders.get(msg.platform).send(msg, { deliveryId, file: file || undefined });
  }

  /** A wait the platform named is its rate limit: counted, for /metrics, and for the whole app if it said so. */
  private async noteThrottled(platform: PlatformName, err: unknown, pauseScope: string = platform): Promise<void> {
    if (!(err instanceof SendError) || err.retryAfterMs === undefined) return;
    countThrottled({ redis: this.opts.redis, queuePrefix: this.opts.prefix }, platform, err.scope);
    if (err.scope === 'app') await this.limiter.pause(pauseScope, err.retryAfterMs);
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
      await this.sendOne(msg, job.id!, senders);
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
    const retryable = err instanceof SendError ? err.retryable : true;
    await this.noteThrottled(platform, err, pauseScope);
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
