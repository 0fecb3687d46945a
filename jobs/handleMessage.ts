import { dispatch, eventKeyOf, failedReply } from '../src/core/dispatch.js';
import type { InboundMessage } from '../src/core/types.js';
import { logger } from '../src/logger.js';
import { countReplyLatency } from '../src/metrics/workCounts.js';
import { defineJob } from '../src/queue/job.js';

/**
 * Runs one accepted chat message through the router and queues its replies. A job re-run after a
 * crash finds the event already handled, or repeats a command whose writes are keyed by the event.
 */
export default defineJob<InboundMessage>({
  queue: 'inbound',
  name: 'handleMessage',
  concurrency: 16,
  async process(job, runtime) {
    const msg = job.data;
    const key = eventKeyOf(msg);
    if (await runtime.events.isDone(key)) return 'duplicate';
    const outgoing = await dispatch(msg, runtime.router, runtime.services).catch((err: unknown) => {
      // Tried again with backoff while tries are left (the store briefly away); after the last, the user hears it failed.
      if (job.attemptsMade + 1 < (job.opts.attempts ?? 1)) throw err;
      logger.error({ err, eventKey: key }, 'message failed on its last try');
      return failedReply(msg, runtime.services);
    });
    // Counted as the replies are queued (before they can reach anyone), from the platform's receipt.
    if (outgoing.length) await countReplyLatency(runtime.services, Math.max(0, Date.now() - msg.receivedAt) / 1000);
    await runtime.outbox.enqueue(outgoing, key);
    await runtime.events.markDone(key);
    return outgoing.length;
  },
});
