import { defineJob } from '../src/queue/job.js';
import { REMINDER_QUEUE, type Occurrence } from '../src/reminders/occurrence.js';
import { runNow } from '../src/reminders/runNow.js';

interface RunData {
  kind: string;
  occurrences: Array<Omit<Occurrence, 'at'> & { at: string }>;
  runKey: string;
}

/** Runs reminders now on request (`/运行提醒`), whatever their schedule: the demo's way to show each one. */
export default defineJob<RunData>({
  queue: REMINDER_QUEUE,
  name: 'runReminder',
  process: (job, runtime) =>
    runNow(runtime, job.data.kind, job.data.occurrences.map((o) => ({ ...o, at: new Date(o.at) })), job.data.runKey),
});
