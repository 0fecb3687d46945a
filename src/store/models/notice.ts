import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * A bureau broadcast (`/通知`) to every bound group of the grids it targets. Empty target lists
 * mean "all"; the groups are resolved when it is sent.
 */
const noticeSchema = new Schema({
  /** "N-0007": what people type to acknowledge it. */
  code: { type: String, required: true, unique: true },
  /** The event that created it: a re-run of the command creates nothing new. */
  eventKey: { type: String, required: true, unique: true },
  text: { type: String, required: true },
  streets: { type: [String], default: [] },
  levels: { type: [Number], default: [] },
  industries: { type: [String], default: [] },
  createdAt: { type: Date, required: true, index: true },
  createdBy: { type: String, required: true },
  createdByName: { type: String },
  /** Filled by the fan-out job. */
  groups: { type: Number },
  sentAt: { type: Date },
});

export type Notice = InferSchemaType<typeof noticeSchema>;
export const NoticeModel = model('Notice', noticeSchema);
