import { activitySummary } from '../src/reminders/activities.js';
import { reminderJob } from '../src/reminders/occurrence.js';

/** An activity, once check-in closes: the attendance summary to the grid leader. */
export default reminderJob(activitySummary);
