import { quarterActivityReport } from '../src/reminders/activities.js';
import { reminderJob } from '../src/reminders/occurrence.js';

/** After a quarter: the street leader gets the grids that held no activity. */
export default reminderJob(quarterActivityReport);
