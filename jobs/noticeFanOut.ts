import { defineJob } from '../src/queue/job.js';
import { planKind, REMINDER_QUEUE } from '../src/reminders/occurrence.js';
import { fanOutNotice, noticeFollowUp } from '../src/reminders/bureauNotices.js';

/** Sends a bureau notice to its groups in batches, then schedules its follow-ups. */
export default defineJob<{ code: string }>({
  queue: REMINDER_QUEUE,
  name: 'noticeFanOut',
  async process(job, runtime) {
    const groups = await fanOutNotice(runtime, job.data.code);
    await planKind(runtime.services, noticeFollowUp);
    return groups;
  },
});
