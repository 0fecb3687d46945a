import { Schema, model, type InferSchemaType } from 'mongoose';

/** Every state-changing command: who, what, when, and the result. Its `_id` is the event's key. */
const auditLogSchema = new Schema({
  _id: { type: String },
  at: { type: Date, required: true, default: () => new Date() },
  /** Idempotency: a command re-run after a crash writes its audit entry once. */
  eventKey: { type: String, required: true, unique: true },
  actor: { type: String },
  actorName: { type: String },
  platform: { type: String, required: true },
  chatId: { type: String },
  grid: { type: String, index: true },
  command: { type: String, required: true },
  args: { type: Schema.Types.Mixed },
  result: { type: String, required: true, enum: ['ok', 'error'] },
  detail: { type: String },
});
auditLogSchema.index({ at: -1 });
auditLogSchema.pre('validate', function () {
  this._id ??= this.eventKey;
});

export type AuditLog = InferSchemaType<typeof auditLogSchema>;
export const AuditLogModel = model('AuditLog', auditLogSchema);
