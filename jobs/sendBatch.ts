import type { BatchData } from '../src/outbound/batches.js';
import { defineJob } from '../src/queue/job.js';

/** Delivers one private message to several people in one platform call (see `Outbox.deliverBatch`). */
export default defineJob<BatchData>({
  queue: 'outbound',
  name: 'sendBatch',
  concurrency: 32,
  process: (job, runtime) => runtime.outbox.deliverBatch(job, runtime.senders),
});
