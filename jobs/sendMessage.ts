import type { OutboundMessage } from '../src/core/types.js';
import { defineJob } from '../src/queue/job.js';

/**
 * Delivers one queued message through its platform's sender, in its chat's order and within the
 * platform's limits (see `Outbox.deliver`). Most of a job's time is waiting on the platform, so
 * many run at once.
 */
export default defineJob<OutboundMessage>({
  queue: 'outbound',
  name: 'sendMessage',
  concurrency: 32,
  process: (job, runtime) => runtime.outbox.deliver(job, runtime.senders),
});
