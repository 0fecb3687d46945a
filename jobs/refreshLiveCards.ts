import { cardUpdate, LIVE_CARDS_QUEUE, liveLine, REFRESH_JOB } from '../src/cards/liveCards.js';
import { defineJob } from '../src/queue/job.js';
import { liveCardsOf } from '../src/store/sentCards.js';

/**
 * Updates every sent card of a subject with its counts as they are now: each update an outbound
 * message (in its chat's order, within the platform's limits), keyed by card and period so a
 * re-run queues nothing twice.
 */
export default defineJob<{ subject: string; slot: number }>({
  queue: LIVE_CARDS_QUEUE,
  name: REFRESH_JOB,
  concurrency: 4,
  async process(job, runtime) {
    const { subject, slot } = job.data;
    // Most subjects have no card (an activity announced as text): nothing to count then.
    const cards = await liveCardsOf(subject);
    if (!cards.length) return 0;
    const line = await liveLine(runtime.services, subject, runtime.services.config.DEFAULT_LANG);
    if (!line) return 0;
    await runtime.outbox.enqueueKeyed(cards.map((card) => ({ key: card._id, message: cardUpdate(card, line) })), `live:${subject}:${slot}`);
    return cards.length;
  },
});
