import { reminderJob } from '../src/reminders/occurrence.js';
import { reportBefore } from '../src/reminders/monthlyReport.js';

/** Monthly report, 3 days before the due day: the leaders who have not reported. */
export default reminderJob(reportBefore);
