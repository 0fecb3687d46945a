import { Schema, model, type InferSchemaType } from 'mongoose';
import { watchWrites } from '../storeChanges.js';

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
    /**
     * The deadline days in force from a month on, oldest first, e.g. `{ validFrom: '2026-12', reportDueDay: 5, … }`;
     * the first entry (`validFrom: ''`) holds what was in force before any change. The assessment reads
     * each month's deadlines from it; the top-level fields are the ones in force now.
     */
    history: {
      type: [
        new Schema(
          { validFrom: String, reportDueDay: Number, returnsStartDay: Number, returnsEndDay: Number },
          { _id: false },
        ),
      ],
      default: undefined,
    },
  },
  { timestamps: true },
);
watchWrites(reminderSettingsSchema, 'settings');

export type ReminderSettingsDoc = InferSchemaType<typeof reminderSettingsSchema>;
export const ReminderSettingsModel = model('ReminderSettings', reminderSettingsSchema);
