import type { MemberRecord } from '../core/context.js';
import { isDuplicateKey, loadRecords } from './connect.js';
import type { ActivityRecord } from './models/activity.js';
import { attendanceKey, AttendanceModel, type AttendanceRecord } from './models/attendance.js';
import { countOnce, yearOf } from './gridTallies.js';

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

/** The check-ins at some activities: for those the assessment must leave out of the tallies' counts. */
export async function presentAt(activities: number[]): Promise<Array<Pick<AttendanceRecord, 'activity' | 'grid' | 'member'>>> {
  if (!activities.length) return [];
  return AttendanceModel.find({ activity: { $in: activities }, status: 'present' }, { _id: 0, activity: 1, grid: 1, member: 1 }).lean();
}

export interface KeptAttendance {
  status: 'present' | 'leave';
  at: Date;
  /** This event's answer is the one kept (it wrote it, now or on an earlier try). */
  answered: boolean;
}

/**
 * Records a member's answer, one per activity and member (a unique index): checking in after asking
 * for leave turns the leave into presence, and presence stays (leave is asked for before an activity
 * starts, a check-in comes after), so a check-in counts once in the grid's yearly tally and never has
 * to be taken back. The write that makes the record present names its event (`tallyBy`); that event
 * counts it (`countOnce`), and its re-run completes a count a crash cut short. Returns the record kept:
 * its status, since when, and whether this event's answer is the one it holds (a re-run's included).
 */
export async function recordAttendance(
  activity: ActivityRecord,
  member: MemberRecord,
  answer: { status: 'present' | 'leave'; at: Date; reason?: string },
  eventKey: string,
): Promise<KeptAttendance> {
  const memberId = member._id.toString();
  const _id = attendanceKey(activity.number, memberId);
  const update = {
    $set: { grid: activity.grid, memberName: member.name, status: answer.status, at: answer.at, reason: answer.reason ?? '', ...(answer.status === 'present' && { tallyBy: eventKey }) },
    $setOnInsert: { activity: activity.number, member: memberId },
  };
  // Of two racing writes, or a write meeting a check-in already there, the loser meets the unique
  // index and reads what is there; the winner has it back from its write (one operation, not two;
  // the whole small record, as FerretDB's findAndModify takes no projection).
  const kept = { status: 1, at: 1, tallyBy: 1, tallied: 1 };
  const written = await AttendanceModel.findOneAndUpdate({ _id, status: { $ne: 'present' } }, update, { upsert: true, returnDocument: 'after' })
    .lean<AttendanceRecord>()
    .catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
      return null;
    });
  const stored = written ?? (await AttendanceModel.findById(_id, kept).lean<AttendanceRecord>())!;
  if (stored.status === 'present' && stored.tallyBy === eventKey) {
    await countOnce({
      key: `present:${_id}`,
      tallies: [{ tally: { year: yearOf(activity.startsAt), grid: activity.grid, street: activity.street ?? undefined }, facts: [{ kind: 'present', member: memberId }] }],
      counted: !!stored.tallied,
      mark: () => AttendanceModel.updateOne({ _id }, { $set: { tallied: true } }),
    });
  }
  return { status: stored.status, at: stored.at, answered: written !== null || stored.tallyBy === eventKey };
}

/** Check-ins and leave of the past, loaded around the bot (the demo's year); the caller rebuilds the tallies. */
type LoadedAttendance = Pick<AttendanceRecord, 'activity' | 'grid' | 'member' | 'memberName' | 'status' | 'at' | 'reason'>;
export const loadAttendance = (records: LoadedAttendance[]) =>
  loadRecords(AttendanceModel, records.map((r) => ({ _id: attendanceKey(r.activity, r.member), ...r })));
