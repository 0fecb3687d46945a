import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * One entry per reminder occurrence that went out, keyed by its stable id ("report-due:JS:2026-12"):
 * the durable proof that it fired, so no restart, re-plan or retried job sends it twice.
 */
const reminderLogSchema = new Schema({
  _id: { type: String, required: true },
  kind: { type: String, required: true },
  plannedFor: { type: Date, required: true },
  firedAt: { type: Date, required: true, index: true },
  messages: { type: Number, required: true },
});

export type ReminderLog = InferSchemaType<typeof reminderLogSchema>;
export const ReminderLogModel = model('ReminderLog', reminderLogSchema);
