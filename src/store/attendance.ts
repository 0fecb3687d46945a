import type { MemberRecord } from '../core/context.js';
import { isDuplicateKey } from './connect.js';
import type { ActivityRecord } from './models/activity.js';
import { attendanceKey, AttendanceModel, type AttendanceRecord } from './models/attendance.js';
import { addToTally, writeTallied, yearOf } from './gridTallies.js';

/** One member's record for one activity, if they checked in or asked for leave. */
export async function attendanceOf(activity: number, memberId: string): Promise<AttendanceRecord | undefined> {
  return (await AttendanceModel.findById(attendanceKey(activity, memberId)).lean<AttendanceRecord>()) ?? undefined;
}

/** Every record of an activity. */
export async function activityAttendance(activity: number): Promise<AttendanceRecord[]> {
  return AttendanceModel.find({ activity }).sort({ at: 1 }).lean<AttendanceRecord[]>();
}

/** The check-ins of some activities. */
export async function checkInsOf(activities: number[]): Promise<AttendanceRecord[]> {
  return AttendanceModel.find({ activity: { $in: activities }, status: 'present' }).lean<AttendanceRecord[]>();
}

/** A member's records for some activities. */
export async function memberAttendance(memberId: string, activities: number[]): Promise<AttendanceRecord[]> {
  return AttendanceModel.find({ member: memberId, activity: { $in: activities } }).lean<AttendanceRecord[]>();
}

/**
 * Records a member's answer, one per activity and member (a unique index): checking in after asking
 * for leave turns the leave into presence. Of two racing writes, the loser meets the index and the
 * record the winner wrote stands. The grid's yearly tally follows (see `writeTallied`).
 */
export async function recordAttendance(
  activity: ActivityRecord,
  member: MemberRecord,
  answer: { status: 'present' | 'leave'; at: Date; reason?: string },
): Promise<void> {
  const memberId = member._id.toString();
  const update = {
    $set: { grid: activity.grid, memberName: member.name, status: answer.status, at: answer.at, reason: answer.reason ?? '' },
    $setOnInsert: { activity: activity.number, member: memberId },
  };
  await writeTallied(
    { year: yearOf(activity.startsAt), grid: activity.grid, street: activity.street ?? undefined },
    async () => {
      try {
        await AttendanceModel.updateOne({ _id: attendanceKey(activity.number, memberId) }, update, { upsert: true });
        return true;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        return false;
      }
    },
    (written) =>
      !written ? [] : answer.status === 'present' ? [{ kind: 'present', activity: activity.number, member: memberId, at: answer.at }] : [{ kind: 'absent', activity: activity.number, member: memberId }],
  );
}

/**
 * Puts a check-in found already recorded into the grid's tally: a job retried after a crash between
 * the record and the tally finds the record, and only this completes it (adding a fact twice is a no-op).
 */
export async function tallyPresence(activity: ActivityRecord, record: AttendanceRecord): Promise<void> {
  const key = { year: yearOf(activity.startsAt), grid: activity.grid, street: activity.street ?? undefined };
  await addToTally(key, [{ kind: 'present', activity: activity.number, member: record.member, at: record.at }]);
}
