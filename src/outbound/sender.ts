import type { OutboundMessage, PlatformName } from '../core/types.js';

/** Delivers one message on one platform; throws a `SendError` the outbound queue can judge. */
export interface PlatformSender {
  send(msg: OutboundMessage): Promise<void>;
}

/** A failed send: `retryable` for rate limits and transient faults, with the platform's wait if it gave one. */
export class SendError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export class SenderRegistry {
  private readonly senders = new Map<PlatformName, PlatformSender>();

  register(platform: PlatformName, sender: PlatformSender): void {
    this.senders.set(platform, sender);
  }

  get(platform: PlatformName): PlatformSender {
    const sender = this.senders.get(platform);
    if (!sender) throw new SendError(`no sender for platform ${platform}`, false);
    return sender;
  }
}
