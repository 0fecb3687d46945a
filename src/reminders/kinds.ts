import { activityDayBefore, activityHourBefore, activitySummary, quarterActivityReminder, quarterActivityReport } from './activities.js';
import { assessmentLateDecember, assessmentMidDecember } from './assessmentDue.js';
import { reportBefore, reportDue, reportOverdue, reportUnheard } from './monthlyReport.js';
import { noticeFollowUp } from './bureauNotices.js';
import type { ReminderKind } from './occurrence.js';
import { returnsReminder } from './returns.js';
import { calendarMissing } from './calendarMissing.js';

/** Every reminder kind: each has a planning tick (one job scheduler) and a job that sends it. */
export const REMINDER_KINDS: ReminderKind<any>[] = [
  reportBefore, reportDue, reportOverdue, reportUnheard, returnsReminder, noticeFollowUp,
  activityDayBefore, activityHourBefore, activitySummary, quarterActivityReminder, quarterActivityReport, calendarMissing,
  assessmentMidDecember, assessmentLateDecember,
];

export const kindNamed = (name: string) => REMINDER_KINDS.find((k) => k.name === name);
