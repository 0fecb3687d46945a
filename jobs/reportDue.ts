import { reminderJob } from '../src/reminders/occurrence.js';
import { reportDue } from '../src/reminders/monthlyReport.js';

/** Monthly report, on the due day: the leaders who have not reported. */
export default reminderJob(reportDue);
