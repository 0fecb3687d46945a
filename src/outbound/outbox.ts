import type { Queue } from 'bullmq';
import type { OutboundMessage } from '../core/types.js';
import { jobIdOf } from '../queue/job.js';

export const OUTBOUND_ATTEMPTS = 8;

/**
 * Every message the bot sends goes through here. Job ids derive from the event that caused them,
 * so a command re-run after a crash queues nothing twice.
 */
export class Outbox {
  constructor(private readonly queue: Queue) {}

  async enqueue(messages: OutboundMessage[], keyPrefix: string): Promise<void> {
    if (!messages.length) return;
    await this.queue.addBulk(
      messages.map((data, i) => ({
        name: 'sendMessage',
        data,
        opts: {
          jobId: jobIdOf(`${keyPrefix}#${i}`),
          attempts: OUTBOUND_ATTEMPTS,
          backoff: { type: 'jitteredExponential', delay: 500 },
        },
      })),
    );
  }
}
