import type { Queue } from 'bullmq';
import { eventKeyOf } from './dispatch.js';
import type { EventLedger } from './eventLedger.js';
import { jobIdOf } from '../queue/jobIds.js';
import type { InboundMessage } from './types.js';

export type AcceptResult = 'accepted' | 'duplicate';

/** Tries of a message's job: with the backoff, about half a minute for the store to come back. */
export const INBOUND_ATTEMPTS = 6;

/**
 * The de-duplication gate every adapter calls before acknowledging an event. The event is claimed
 * by its platform id and queued under that id, both at once (one round trip's wait, not two): once
 * this resolves it is durable, so the adapter may ack. A redelivery of an event accepted but not
 * yet handled (we crashed in between) is queued again under the same job id, which BullMQ ignores
 * if the job is still there; one of a handled event is a duplicate, and the job it queued ends at
 * once (it finds the event done). Two copies at once (two processes) race on the claim; one wins.
 */
export class Inbox {
  constructor(
    private readonly queue: Queue,
    private readonly events: EventLedger,
  ) {}

  async accept(msg: InboundMessage): Promise<AcceptResult> {
    const key = eventKeyOf(msg);
    const [seen] = await Promise.all([
      this.events.claim(key),
      // A handled job is dropped at once: the ledger, not the job, remembers the event.
      this.queue.add('handleMessage', msg, {
        jobId: jobIdOf(key),
        attempts: INBOUND_ATTEMPTS,
        backoff: { type: 'jitteredExponential', delay: 500 },
        removeOnComplete: true,
      }),
    ]);
    return seen === 'new' ? 'accepted' : 'duplicate';
  }
}
