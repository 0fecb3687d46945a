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

/** Up to this many streets are read one by one by `_id` (indexed on FerretDB); more, in one pass over the grids. */
const BY_ID_LIMIT = 20;

async function streetGrids(codes?: string[]): Promise<Array<{ code: string; name: string }>> {
  if (!codes || codes.length > BY_ID_LIMIT) {
    return GridModel.find(codes ? { level: 2, code: { $in: codes } } : { level: 2 }, { code: 1, name: 1 }).sort({ code: 1 }).lean();
  }
  const found = await Promise.all([...new Set(codes)].map((code) => GridModel.findById(code, { code: 1, name: 1, level: 1 }).lean()));
  return found.filter((g) => g?.level === 2).map((g) => ({ code: g!.code, name: g!.name })).sort((a, b) => (a.code < b.code ? -1 : 1));
}

/**
 * Every street (or the ones named) with its settings. A command names its own street, and a query
 * on `level`/`code` would read every grid of the district (FerretDB indexes only `_id`), so a few
 * named streets are read by `_id`.
 */
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
