import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { OutboundMessage, PlatformName } from '../core/types.js';
import type { KeyedMessage } from './keyedMessage.js';

/** One person of a batch: the key their single message would have had, and their platform user id. */
export interface BatchRecipient {
  key: string;
  userId: string;
}

/** A `sendBatch` job: one message (without `userId`) to several people of one enqueue (`keyPrefix`). */
export interface BatchData {
  message: OutboundMessage;
  recipients: BatchRecipient[];
  keyPrefix: string;
}

/** A private plain-text message: the kind the platforms' batch APIs take (no cards, replies, files or mentions). */
export function batchable(msg: OutboundMessage): boolean {
  return !msg.chatId && !!msg.userId && !msg.replyHint && !msg.title && !msg.buttons?.length && !msg.mentions?.length && !msg.live && !msg.updates && !msg.file;
}

/**
 * Identical private messages of one enqueue, grouped by platform and content and cut into
 * batches of the platform's size; a message alone in its group stays single.
 */
export function intoBatches(items: KeyedMessage[], size: (platform: PlatformName) => number): { singles: KeyedMessage[]; batches: Array<Omit<BatchData, 'keyPrefix'>> } {
  const singles: KeyedMessage[] = [];
  const groups = new Map<string, { message: OutboundMessage; recipients: BatchRecipient[] }>();
  for (const item of items) {
    const { userId, ...message } = item.message;
    if (!batchable(item.message) || size(message.platform) < 2) {
      singles.push(item);
      continue;
    }
    const same = JSON.stringify(message);
    const group = groups.get(same) ?? { message, recipients: [] as BatchRecipient[] };
    group.recipients.push({ key: item.key, userId: userId! });
    groups.set(same, group);
  }
  const batches: Array<Omit<BatchData, 'keyPrefix'>> = [];
  for (const { message, recipients } of groups.values()) {
    if (recipients.length === 1) {
      singles.push({ key: recipients[0]!.key, message: { ...message, userId: recipients[0]!.userId } });
      continue;
    }
    const n = size(message.platform);
    for (let i = 0; i < recipients.length; i += n) batches.push({ message, recipients: recipients.slice(i, i + n) });
  }
  return { singles, batches };
}

/** A batch's job key: all its recipients, so a re-run that groups them differently makes another job (the ledger keeps each person once). */
export const batchKeyOf = (recipients: BatchRecipient[]) =>
  `batch:${createHash('sha256').update(recipients.map((r) => r.key).join('\n')).digest('hex').slice(0, 32)}`;

/** The people a batch may still send to (owned by the job, not yet sent); claims the unclaimed ones for it. */
const CLAIM = `
local owned = {}
for i = 2, #ARGV do
  redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[1])
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[1] then owned[#owned + 1] = ARGV[i] end
end
redis.call('PEXPIRE', KEYS[1], 8 * 24 * 3600 * 1000)
return owned`;

/**
 * Who of an enqueue (`keyPrefix`) a batch job has sent to, in Redis: each person is claimed by
 * the first batch job that runs for them and marked once their message went out (or was handed to
 * a single send). A retry, or a re-run that grouped people differently, sends only to the rest.
 */
export class BatchLedger {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(keyPrefix: string): string {
    return `${this.prefix}:batchsent:${keyPrefix}`;
  }

  async claim(keyPrefix: string, jobId: string, keys: string[]): Promise<Set<string>> {
    return new Set((await this.redis.eval(CLAIM, 1, this.key(keyPrefix), jobId, ...keys)) as string[]);
  }

  /** `sent`: the batch reached them; `single`: their own single send is queued. */
  async mark(keyPrefix: string, keys: string[], as: 'sent' | 'single'): Promise<void> {
    if (keys.length) await this.redis.hset(this.key(keyPrefix), Object.fromEntries(keys.map((k) => [k, as])));
  }
}
