import { startMessage } from '../src/core/commandRate.js';
import { dispatch, eventKeyOf, failedReply } from '../src/core/dispatch.js';
import type { InboundMessage } from '../src/core/types.js';
import { logger } from '../src/logger.js';
import { countReplyLatency } from '../src/metrics/workCounts.js';
import { defineJob } from '../src/queue/job.js';

/**
 * Runs one accepted chat message through the router and sends its replies: directly where their
 * chat is free, else through the outbound queue (`Outbox.reply`). A job re-run after a crash finds
 * the event already handled, or repeats a command whose writes are keyed by the event and whose
 * replies are keyed by it too (none is sent twice).
 */
export default defineJob<InboundMessage>({
  queue: 'inbound',
  name: 'handleMessage',
  // A job now waits on its reply's send too (the outbound queue's 32 did before): more at once.
  concurrency: 48,
  async process(job, runtime) {
    const msg = job.data;
    const key = eventKeyOf(msg);
    const started = await startMessage(runtime.services, runtime.events, msg, key);
    if (started === 'done') return 'duplicate';
    const outgoing = await dispatch(msg, runtime.router, runtime.services, started.rate).catch((err: unknown) => {
      // Tried again with backoff while tries are left (the store briefly away); after the last, the user hears it failed.
      if (job.attemptsMade + 1 < (job.opts.attempts ?? 1)) throw err;
      logger.error({ err, eventKey: key }, 'message failed on its last try');
      return failedReply(msg, runtime.services);
    });
    // Counted as the replies leave for their chat (sent or queued), from the platform's receipt.
    if (outgoing.length) countReplyLatency(runtime.services, Math.max(0, Date.now() - msg.receivedAt) / 1000);
    // A reply sent whole and directly marks the event done with its last message.
    if (!(await runtime.outbox.reply(outgoing, key, runtime.senders, runtime.events.doneMark(key)))) await runtime.events.markDone(key);
    return outgoing.length;
  },
});
