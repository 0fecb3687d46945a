import { DEFAULT_REMINDER_SETTINGS, type ReminderSettings } from '../domain/reminderSchedule.js';
import { GridModel } from '../store/models/grid.js';
import { ReminderSettingsModel, type ReminderSettingsDoc } from '../store/models/reminderSettings.js';

/** A street (level-2 grid) with the reminder settings in force for it. */
export interface StreetSettings {
  code: string;
  name: string;
  settings: ReminderSettings;
}

const fromDoc = (d: ReminderSettingsDoc): ReminderSettings => ({
  reportDueDay: d.reportDueDay,
  returnsStartDay: d.returnsStartDay,
  returnsEndDay: d.returnsEndDay,
  quiet: { start: d.quietStart, end: d.quietEnd },
  noticeReminderHours: d.noticeReminderHours,
  remindAt: d.remindAt,
});

async function streetGrids(codes?: string[]): Promise<Array<{ code: string; name: string }>> {
  return GridModel.find({ ...(codes && { code: { $in: codes } }), level: 2 }, { _id: 0, code: 1, name: 1 }).sort({ code: 1 }).lean();
}

/** Every street (or the ones named: a command names its own street) with its settings. */
export async function streetSettings(codes?: string[]): Promise<StreetSettings[]> {
  const [streets, saved] = await Promise.all([
    streetGrids(codes),
    ReminderSettingsModel.find(codes ? { street: { $in: codes } } : {}).lean(),
  ]);
  const byStreet = new Map(saved.map((d) => [d.street, fromDoc(d)]));
  return streets.map((s) => ({ code: s.code, name: s.name, settings: byStreet.get(s.code) ?? DEFAULT_REMINDER_SETTINGS }));
}

export async function saveStreetSettings(street: string, s: ReminderSettings, by: string): Promise<void> {
  await ReminderSettingsModel.updateOne(
    { street },
    {
      $set: {
        reportDueDay: s.reportDueDay,
        returnsStartDay: s.returnsStartDay,
        returnsEndDay: s.returnsEndDay,
        quietStart: s.quiet.start,
        quietEnd: s.quiet.end,
        noticeReminderHours: s.noticeReminderHours,
        remindAt: s.remindAt,
        updatedBy: by,
      },
    },
    { upsert: true },
  );
}
