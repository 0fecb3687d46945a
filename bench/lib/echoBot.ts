/**
 * The baseline of the commands benchmark: the bot's own process and platform adapters (the same SDK
 * connections, the same senders over the same HTTP path), with the inbox swapped for an echo that
 * answers each message at once without the store, the queues or a command. Started by the
 * benchmark with the bot's environment.
 */
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { eventKeyOf } from '../../src/core/dispatch.js';
import { Inbox, type AcceptResult } from '../../src/core/inbox.js';
import type { InboundMessage } from '../../src/core/types.js';
import { initLogger, logger } from '../../src/logger.js';
import type { SenderRegistry } from '../../src/outbound/sender.js';
import { startPlatformAdapters } from '../../src/platforms/start.js';
import type { Queue } from 'bullmq';
import type { EventLedger } from '../../src/core/eventLedger.js';

class EchoInbox extends Inbox {
  constructor(
    queue: Queue,
    events: EventLedger,
    private readonly senders: SenderRegistry,
  ) {
    super(queue, events);
  }

  override async accept(msg: InboundMessage): Promise<AcceptResult> {
    // Sent after the event is acknowledged, as the bot's own replies are.
    void this.senders
      .get(msg.platform)
      .send({ platform: msg.platform, chatId: msg.chatId, text: `收到：${msg.text}`, replyHint: msg.replyHint }, { deliveryId: eventKeyOf(msg) })
      .catch((err: unknown) => logger.error({ err }, 'echo failed'));
    return 'accepted';
  }
}

const config = loadConfig();
initLogger(config.LOG_LEVEL);
const app = await createApp({ config, mongoUri: config.MONGODB_URI!, redisUrl: config.REDIS_URL!, queuePrefix: 'echo' });
app.inbox = new EchoInbox(app.queue('inbound'), app.events, app.senders);
const adapters = await startPlatformAdapters(app, config);
process.on('SIGTERM', () => {
  void Promise.all(adapters.map((a) => a.stop()))
    .then(() => app.close())
    .finally(() => process.exit(0));
});
