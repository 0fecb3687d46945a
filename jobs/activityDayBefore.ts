import { activityDayBefore } from '../src/reminders/activities.js';
import { reminderJob } from '../src/reminders/occurrence.js';

/** An activity, 24 hours before: a reminder to its group. */
export default reminderJob(activityDayBefore);
