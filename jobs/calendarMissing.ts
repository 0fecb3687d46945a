import { calendarMissing } from '../src/reminders/calendarMissing.js';
import { reminderJob } from '../src/reminders/occurrence.js';

/** Holiday calendar: next year's is missing, to the district group weekly from 1 November. */
export default reminderJob(calendarMissing);
