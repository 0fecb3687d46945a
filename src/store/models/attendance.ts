import { Schema, model, type InferSchemaType, type Types } from 'mongoose';

export const ATTENDANCE_STATUSES = ['present', 'leave'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

/** One member's answer to one activity: checked in, or on leave. No record means absent. */
const attendanceSchema = new Schema(
  {
    /** "activity:member", so a member's answer is found by `_id`, the lookup FerretDB indexes. */
    _id: { type: String, default(this: { activity?: number; member?: string }) { return attendanceKey(this.activity ?? 0, this.member ?? ''); } },
    /** The activity's number. */
    activity: { type: Number, required: true },
    grid: { type: String, required: true, index: true },
    /** The member's id. */
    member: { type: String, required: true, index: true },
    memberName: { type: String, required: true },
    status: { type: String, required: true, enum: ATTENDANCE_STATUSES },
    /** When they checked in or asked for leave. */
    at: { type: Date, required: true },
    reason: { type: String },
    /** The event that made this record count in the grid tallies, and whether it was counted (`countOnce`). */
    tallyBy: { type: String },
    tallied: { type: Boolean },
  },
  { timestamps: true },
);
// One answer per member and activity: a second check-in finds the first.
attendanceSchema.index({ activity: 1, member: 1 }, { unique: true });

export const attendanceKey = (activity: number, member: string) => `${activity}:${member}`;

export type Attendance = InferSchemaType<typeof attendanceSchema>;
export type AttendanceRecord = Attendance & { _id: string | Types.ObjectId };
export const AttendanceModel = model('Attendance', attendanceSchema);
