import { dispatch, eventKeyOf } from '../src/core/dispatch.js';
import { isHandled, markHandled } from '../src/core/inbox.js';
import type { InboundMessage } from '../src/core/types.js';
import { defineJob } from '../src/queue/job.js';

/**
 * Runs one accepted chat message through the router and queues its replies. A job re-run after a
 * crash finds the event already handled, or repeats a command whose writes are keyed by the event.
 */
export default defineJob<InboundMessage>({
  queue: 'inbound',
  name: 'handleMessage',
  concurrency: 16,
  async process(job, app) {
    const msg = job.data;
    const key = eventKeyOf(msg);
    if (await isHandled(key)) return 'duplicate';
    const outgoing = await dispatch(msg, app.router, app.services);
    await app.outbox.enqueue(outgoing, key);
    await markHandled(key, app.services.clock.now());
    return outgoing.length;
  },
});
