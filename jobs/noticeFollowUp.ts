import { reminderJob } from '../src/reminders/occurrence.js';
import { noticeFollowUp } from '../src/reminders/bureauNotices.js';

/** Bureau notice: the members who have not acknowledged it, once. */
export default reminderJob(noticeFollowUp);
