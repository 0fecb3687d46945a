import { Schema, model, type InferSchemaType } from 'mongoose';

/** One person's acknowledgement (`/收到`) of a notice; a second one changes nothing. */
const noticeAckSchema = new Schema({
  /** "notice:member", so an acknowledgement is found by `_id`, the lookup FerretDB indexes. */
  _id: { type: String, default(this: { notice?: string; member?: string }) { return ackKey(this.notice ?? '', this.member ?? ''); } },
  notice: { type: String, required: true },
  member: { type: String, required: true },
  /** The grid of the group it was acknowledged in, if any. */
  grid: { type: String },
  at: { type: Date, required: true },
  /** The event that made this record count in the grid tallies, and whether it was counted (`countOnce`). */
  tallyBy: { type: String },
  tallied: { type: Boolean },
});
noticeAckSchema.index({ notice: 1, member: 1 }, { unique: true });

export const ackKey = (notice: string, member: string) => `${notice}:${member}`;

export type NoticeAck = InferSchemaType<typeof noticeAckSchema>;
export const NoticeAckModel = model('NoticeAck', noticeAckSchema);
