import { assessmentMidDecember } from '../src/reminders/assessmentDue.js';
import { reminderJob } from '../src/reminders/occurrence.js';

/** 15 December: streets that have not submitted their assessment. */
export default reminderJob(assessmentMidDecember);
