import { quarterActivityReminder } from '../src/reminders/activities.js';
import { reminderJob } from '../src/reminders/occurrence.js';

/** The 15th of a quarter's last month: grids without an activity, to their leaders. */
export default reminderJob(quarterActivityReminder);
