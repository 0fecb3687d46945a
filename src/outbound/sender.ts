import { createHash } from 'node:crypto';
import type { OutboundMessage, PlatformName } from '../core/types.js';

export interface SendOptions {
  /** Stable per queued message: a platform that de-duplicates sends (Lark's `uuid`) keys on it. */
  deliveryId: string;
  /** A file message's bytes, from the file stash. */
  file?: Buffer;
}

/** The key of a card sent by one delivery (DingTalk's `cardBizId`, our `sentCards` id): the same on a resend. */
export const cardKeyOf = (deliveryId: string) => createHash('sha256').update(`card:${deliveryId}`).digest('hex').slice(0, 32);

/** What a batch send could not deliver: these people get the message by single sends instead. */
export interface BatchResult {
  unreached: string[];
}

/** Delivers one message on one platform; throws a `SendError` the outbound queue can judge. */
export interface PlatformSender {
  /** False where the bot cannot message a person privately; reminders then @-mention them in their group. */
  readonly privateMessages?: boolean;
  /** People one `sendBatch` call may reach at most; unset: no batch sends on this platform. */
  readonly batchSize?: number;
  send(msg: OutboundMessage, opts?: SendOptions): Promise<void>;
  /** One private text message to many people (`userIds`, at most `batchSize`) in one platform call. */
  sendBatch?(msg: OutboundMessage, userIds: string[]): Promise<BatchResult>;
  /** A file a user sent (`ref` as the adapter put it in the message); throws `FileTooLarge` past `maxBytes`. */
  download?(ref: string, maxBytes: number): Promise<Buffer>;
}

/** A file larger than allowed: refused once its size is known, the rest never read. */
export class FileTooLarge extends Error {}

/** Reads a download up to `maxBytes`, stopping as soon as it is known to be larger. */
export async function readCapped(body: AsyncIterable<Uint8Array> | null, maxBytes: number, declared?: number): Promise<Buffer> {
  if (declared !== undefined && declared > maxBytes) throw new FileTooLarge(`${declared} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body ?? []) {
    size += chunk.length;
    if (size > maxBytes) throw new FileTooLarge(`over ${maxBytes} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/**
 * A failed send: `retryable` for rate limits and transient faults, with the platform's wait if it
 * gave one. `scope` says what the platform throttled: the whole app (every chat waits) or one chat.
 */
export class SendError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
    readonly scope: 'app' | 'chat' = 'chat',
  ) {
    super(message);
  }
}

export class SenderRegistry {
  private readonly senders = new Map<PlatformName, PlatformSender>();

  register(platform: PlatformName, sender: PlatformSender): void {
    this.senders.set(platform, sender);
  }

  download(platform: PlatformName, ref: string, maxBytes: number): Promise<Buffer> {
    const sender = this.senders.get(platform);
    if (!sender?.download) throw new Error(`no file downloads on ${platform}`);
    return sender.download(ref, maxBytes);
  }

  /** How many people one batch send reaches on a platform (1: no batch sends there). */
  batchSize(platform: PlatformName): number {
    const sender = this.senders.get(platform);
    return sender?.sendBatch ? (sender.batchSize ?? 1) : 1;
  }

  get(platform: PlatformName): PlatformSender {
    const sender = this.senders.get(platform);
    if (!sender) throw new SendError(`no sender for platform ${platform}`, false);
    return sender;
  }
}
