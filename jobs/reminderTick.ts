import { UnrecoverableError } from 'bullmq';
import { defineJob } from '../src/queue/job.js';
import { kindNamed } from '../src/reminders/kinds.js';
import { planKind, REMINDER_QUEUE } from '../src/reminders/occurrence.js';

/** A reminder kind's planning tick (from its job scheduler): schedules its occurrences under stable ids. */
export default defineJob<{ kind: string; streets?: string[] }>({
  queue: REMINDER_QUEUE,
  name: 'reminderTick',
  concurrency: 4,
  async process(job, runtime) {
    const kind = kindNamed(job.data.kind);
    if (!kind) throw new UnrecoverableError(`no reminder kind ${job.data.kind}`);
    return planKind(runtime.services, kind, job.data.streets);
  },
});
