import { Schema, model, type InferSchemaType } from 'mongoose';

/** A street's own reminder rhythm (`/提醒设置`); a street without one uses the defaults. */
const reminderSettingsSchema = new Schema(
  {
    street: { type: String, required: true, unique: true },
    reportDueDay: { type: Number, required: true },
    returnsStartDay: { type: Number, required: true },
    returnsEndDay: { type: Number, required: true },
    quietStart: { type: String, required: true },
    quietEnd: { type: String, required: true },
    noticeReminderHours: { type: Number, required: true },
    remindAt: { type: String, required: true },
    updatedBy: { type: String },
  },
  { timestamps: true },
);

export type ReminderSettingsDoc = InferSchemaType<typeof reminderSettingsSchema>;
export const ReminderSettingsModel = model('ReminderSettings', reminderSettingsSchema);
