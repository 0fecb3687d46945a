import { reminderJob } from '../src/reminders/occurrence.js';
import { reportUnheard } from '../src/reminders/monthlyReport.js';

/** Monthly report, after the month: the street leader hears which reports wait unheard. */
export default reminderJob(reportUnheard);
