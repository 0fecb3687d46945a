import { reminderJob } from '../src/reminders/occurrence.js';
import { reportOverdue } from '../src/reminders/monthlyReport.js';

/** Monthly report, after the due day: the street leader hears which grids are overdue. */
export default reminderJob(reportOverdue);
