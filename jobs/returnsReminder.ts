import { reminderJob } from '../src/reminders/occurrence.js';
import { returnsReminder } from '../src/reminders/returns.js';

/** Statistical returns: the members who have not confirmed, and their leaders. */
export default reminderJob(returnsReminder);
