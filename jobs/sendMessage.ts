import { UnrecoverableError } from 'bullmq';
import type { OutboundMessage } from '../src/core/types.js';
import { SendError } from '../src/outbound/sender.js';
import { defineJob } from '../src/queue/job.js';

/** Delivers one queued message through its platform's sender; retryable failures back off and retry. */
export default defineJob<OutboundMessage>({
  queue: 'outbound',
  name: 'sendMessage',
  concurrency: 8,
  async process(job, app) {
    try {
      await app.senders.get(job.data.platform).send(job.data);
    } catch (err) {
      if (err instanceof SendError && !err.retryable) throw new UnrecoverableError(err.message);
      throw err;
    }
  },
});
