import { isDuplicateKey, loadRecords } from './connect.js';
import type { CheckInWindow } from '../domain/attendanceWindow.js';
import { activityReaches, type ActivityType } from '../domain/activity.js';
import { advanceSequence, nextSequence } from './counters.js';
import { ActivityModel, type ActivityRecord } from './models/activity.js';

/**
 * Activities as the rest of the bot reads them: by number, by grid, and upcoming ones (what the
 * reminders schedule). Every list is in start order.
 */
export interface NewActivity {
  grid: string;
  street?: string;
  type: ActivityType;
  title: string;
  startsAt: Date;
  window: CheckInWindow;
  homeCode?: string;
  place: string;
  /** Where it is announced (and reminded). */
  platform: string;
  chatId: string;
  createdBy: string;
  createdByName?: string;
  forGridsBelow?: boolean;
  /** When it was announced, by the bot's clock: its reminders planned before then are never sent. */
  announcedAt: Date;
}

/**
 * Creates the activity once per event: a re-run finds the one it made. A crash between taking a
 * number and saving skips that number, which is harmless (numbers are unique, not gapless).
 */
export async function createActivity(input: NewActivity, eventKey: string): Promise<ActivityRecord> {
  const made = await ActivityModel.findOne({ eventKey }).lean<ActivityRecord>();
  if (made) return made;
  const { window, ...rest } = input;
  const number = await nextSequence('activity');
  try {
    const doc = await ActivityModel.create({ ...rest, number, checkInOpensAt: window.opensAt, checkInClosesAt: window.closesAt, eventKey });
    return doc.toObject() as ActivityRecord;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return (await ActivityModel.findOne({ eventKey }).lean<ActivityRecord>())!;
  }
}

export async function findActivity(number: number): Promise<ActivityRecord | undefined> {
  return (await ActivityModel.findOne({ number }).lean<ActivityRecord>()) ?? undefined;
}

/** Lists leave out cancelled activities: they count for nobody. */
export const NOT_CANCELLED = { cancelledAt: { $exists: false } };

/** The activities of one or more grids, optionally those starting in [from, to). */
export async function activitiesOfGrids(grids: string[], range: { from?: Date; to?: Date } = {}): Promise<ActivityRecord[]> {
  const startsAt = { ...(range.from && { $gte: range.from }), ...(range.to && { $lt: range.to }) };
  const filter = { grid: { $in: grids }, ...NOT_CANCELLED, ...(Object.keys(startsAt).length && { startsAt }) };
  return ActivityModel.find(filter).sort({ startsAt: 1, number: 1 }).lean<ActivityRecord[]>();
}

/** The trainings streets and the bureau hold for the level-3 grids beneath them (see `forGridsBelow`), starting in the range. */
export async function trainingsForBelow(range: { from?: Date; to?: Date } = {}): Promise<ActivityRecord[]> {
  const startsAt = { ...(range.from && { $gte: range.from }), ...(range.to && { $lt: range.to }) };
  const filter = { forGridsBelow: true, ...NOT_CANCELLED, ...(Object.keys(startsAt).length && { startsAt }) };
  return ActivityModel.find(filter).sort({ startsAt: 1, number: 1 }).lean<ActivityRecord[]>();
}

/** The activities some grids' people are expected at: the grids' own, and the trainings held for them above. */
export async function activitiesFor(
  grids: Array<{ code: string; level: number; street?: string | null }>,
  range: { from?: Date; to?: Date } = {},
): Promise<ActivityRecord[]> {
  const [own, above] = await Promise.all([activitiesOfGrids(grids.map((g) => g.code), range), trainingsForBelow(range)]);
  const ownNumbers = new Set(own.map((a) => a.number));
  const reaching = above.filter((a) => !ownNumbers.has(a.number) && grids.some((g) => activityReaches(a, g)));
  return [...own, ...reaching].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.number - b.number);
}

/** Every grid's activities starting in [from, to) (or from on): what reminders are planned from, and check-in. */
export async function upcomingActivities(from: Date, to?: Date): Promise<ActivityRecord[]> {
  return ActivityModel.find({ startsAt: { $gte: from, ...(to && { $lt: to }) }, ...NOT_CANCELLED }).sort({ startsAt: 1, number: 1 }).lean<ActivityRecord[]>();
}

/** Calls an activity off, once: undefined when it was cancelled already (by this event or another). */
export async function cancelActivity(number: number, reason: string, at: Date): Promise<ActivityRecord | undefined> {
  return (await ActivityModel.findOneAndUpdate(
    { number, ...NOT_CANCELLED },
    { $set: { cancelledAt: at, cancelReason: reason } },
    { returnDocument: 'after' },
  ).lean<ActivityRecord>()) ?? undefined;
}

export interface ActivityChange {
  title?: string;
  place?: string;
  homeCode?: string;
  startsAt?: Date;
  window?: CheckInWindow;
}

/** Changes a standing activity as it was read (same start): undefined when it was cancelled or moved meanwhile. */
export async function changeActivity(read: ActivityRecord, change: ActivityChange): Promise<ActivityRecord | undefined> {
  const { window, homeCode, ...rest } = change;
  const set = { ...rest, ...(window && { checkInOpensAt: window.opensAt, checkInClosesAt: window.closesAt }), ...(homeCode && { homeCode }) };
  const unset = change.place !== undefined && !homeCode ? { $unset: { homeCode: 1 } } : {};
  return (await ActivityModel.findOneAndUpdate(
    { number: read.number, startsAt: read.startsAt, ...NOT_CANCELLED },
    { $set: set, ...unset },
    { returnDocument: 'after' },
  ).lean<ActivityRecord>()) ?? undefined;
}

/** Activities of the past loaded around the bot (the demo's year): their numbers are taken from the sequence. */
export async function loadActivities(activities: Array<Omit<ActivityRecord, '_id' | 'createdAt' | 'updatedAt'>>): Promise<void> {
  await loadRecords(ActivityModel, activities);
  await advanceSequence('activity', Math.max(0, ...activities.map((a) => a.number)));
}
