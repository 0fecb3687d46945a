import { activityHourBefore } from '../src/reminders/activities.js';
import { reminderJob } from '../src/reminders/occurrence.js';

/** An activity, 1 hour before: a reminder to its group. */
export default reminderJob(activityHourBefore);
