import { assessmentLateDecember } from '../src/reminders/assessmentDue.js';
import { reminderJob } from '../src/reminders/occurrence.js';

/** 25 December: streets that have still not submitted their assessment. */
export default reminderJob(assessmentLateDecember);
