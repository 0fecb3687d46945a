import { VersionedCache } from '../core/versionedCache.js';
import type { DeadlineDays } from '../domain/expectations.js';
import { DEFAULT_REMINDER_SETTINGS, periodOf, type ReminderSettings } from '../domain/reminderSchedule.js';
import { GridModel } from '../store/models/grid.js';
import { ReminderSettingsModel, type ReminderSettingsDoc } from '../store/models/reminderSettings.js';

/** A street (level-2 grid) with the reminder settings in force for it. */
export interface StreetSettings {
  code: string;
  name: string;
  settings: ReminderSettings;
  /** The deadline days in force from each month on (one entry, `validFrom: ''`, for a street never changed). */
  deadlineDays: DeadlineDays[];
}

type DaysFields = Pick<ReminderSettingsDoc, 'reportDueDay' | 'returnsEndDay'> & Partial<Pick<ReminderSettingsDoc, 'returnsStartDay'>>;
const daysFrom = (validFrom: string, d: DaysFields): DeadlineDays =>
  ({ validFrom, reportDueDay: d.reportDueDay, returnsEndDay: d.returnsEndDay });

/** The history as stored, or for settings kept before there was one: those settings, as always in force. */
const historyOf = (d: ReminderSettingsDoc | undefined): DeadlineDays[] =>
  d?.history?.length ? d.history.map((h) => daysFrom(h.validFrom ?? '', h as DaysFields)) : [daysFrom('', d ?? DEFAULT_REMINDER_SETTINGS)];

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
  const byStreet = new Map(saved.map((d) => [d.street, d]));
  return streets.map((s) => {
    const d = byStreet.get(s.code);
    return { code: s.code, name: s.name, settings: d ? fromDoc(d) : DEFAULT_REMINDER_SETTINGS, deadlineDays: historyOf(d) };
  });
}

const inForce = new VersionedCache('settings');

/**
 * One street's settings in force, kept until they change: what a command on the message path reads
 * (`/已报`, `/月报`); a street never changed has the defaults.
 */
export function settingsOfStreet(street: string): Promise<ReminderSettings> {
  return inForce.get(street, async () => {
    const d = await ReminderSettingsModel.findOne({ street }).lean<ReminderSettingsDoc>();
    return d ? fromDoc(d) : structuredClone(DEFAULT_REMINDER_SETTINGS);
  });
}

/**
 * Saves a street's settings, in force from the month of `at` on: the history gains an entry (a later one of
 * the same month supersedes it), and the first change also records what was in force before it.
 */
export async function saveStreetSettings(street: string, s: ReminderSettings, by: string, at: Date): Promise<void> {
  const before = await ReminderSettingsModel.findOne({ street }).lean<ReminderSettingsDoc>();
  const entry = (validFrom: string, d: DaysFields) => ({ ...daysFrom(validFrom, d), returnsStartDay: d.returnsStartDay });
  const added = [...(before?.history?.length ? [] : [entry('', before ?? DEFAULT_REMINDER_SETTINGS)]), entry(periodOf(at), s)];
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
      $push: { history: { $each: added } },
    },
    { upsert: true },
  );
}
