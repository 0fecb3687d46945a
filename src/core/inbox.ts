import type { Queue } from 'bullmq';
import { ProcessedEventModel } from '../store/models/processedEvent.js';
import { eventKeyOf } from './dispatch.js';
import { jobIdOf } from '../queue/job.js';
import type { InboundMessage } from './types.js';

export type AcceptResult = 'accepted' | 'duplicate';

/** Tries of a message's job: with the backoff, about half a minute for the store to come back. */
export const INBOUND_ATTEMPTS = 6;

/**
 * The de-duplication gate every adapter calls before acknowledging an event. The event is recorded
 * by its platform id, then queued under that id: once this resolves it is durable, so the adapter
 * may ack. A redelivery of a handled event is a duplicate; one of an event accepted but not yet
 * handled (we crashed in between) is queued again under the same job id, which BullMQ ignores if
 * the job is still there.
 */
export class Inbox {
  constructor(private readonly queue: Queue) {}

  async accept(msg: InboundMessage): Promise<AcceptResult> {
    const key = eventKeyOf(msg);
    // Two copies accepted at once (two processes, or a redelivery on top of the first push) race
    // to insert: the loser gets a duplicate-key error, which means the same as finding the record.
    const res = await ProcessedEventModel.updateOne(
      { _id: key },
      { $setOnInsert: { status: 'accepted', receivedAt: new Date(msg.receivedAt) } },
      { upsert: true },
    ).catch((err: unknown) => {
      if (isDuplicateKey(err)) return { upsertedCount: 0 };
      throw err;
    });
    if (res.upsertedCount === 0) {
      const existing = await ProcessedEventModel.findById(key, { status: 1 }).lean();
      if (existing?.status === 'done') return 'duplicate';
    }
    await this.queue.add('handleMessage', msg, { jobId: jobIdOf(key), attempts: INBOUND_ATTEMPTS, backoff: { type: 'jitteredExponential', delay: 500 } });
    return res.upsertedCount === 0 ? 'duplicate' : 'accepted';
  }
}

export const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;

export async function isHandled(key: string): Promise<boolean> {
  const existing = await ProcessedEventModel.findById(key, { status: 1 }).lean();
  return existing?.status === 'done';
}

export async function markHandled(key: string, at: Date): Promise<void> {
  await ProcessedEventModel.updateOne({ _id: key }, { $set: { status: 'done', doneAt: at } });
}
