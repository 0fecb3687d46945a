import type { GridRecord, MemberRecord } from '../core/context.js';
import { UserError } from '../core/errors.js';
import { activityReaches, audienceOf, parseActivityNo } from '../domain/activity.js';
import { pickOpen } from '../domain/attendanceWindow.js';
import { bi } from '../i18n/text.js';
import { VersionedCache } from '../core/versionedCache.js';
import { activitiesFor, activitiesOfGrids, findActivity, upcomingActivities } from '../store/activities.js';
import type { ActivityRecord } from '../store/models/activity.js';
import { activityLine, activityNo, windowOf, windowText } from './texts.js';

const DAY = 24 * 3600_000;

/** Only the grid's own people check in or ask for leave (a street admin visiting the group does not). */
export function assertInGrid(member: MemberRecord, grid: GridRecord): void {
  if (!member.memberships.some((m) => m.grid === grid.code)) {
    throw new UserError(bi('您不在本网格的通讯录中，无需在这里签到或请假。', "You are not in this grid's directory, so there is no check-in or leave for you here."));
  }
}

/**
 * Activities as check-in and leave read them, kept while no activity is written (see
 * `watchWrites`): by number, and every grid's from a day ago on, read once for all grids.
 */
const activityCache = new VersionedCache('activities');

interface NearSnapshot {
  from: Date;
  byGrid: Record<string, ActivityRecord[]>;
  /** Trainings of streets and the bureau, which level-3 grids beneath them attend too. */
  forBelow: ActivityRecord[];
}

async function nearSnapshot(from: Date): Promise<NearSnapshot> {
  const byGrid: Record<string, ActivityRecord[]> = {};
  const forBelow: ActivityRecord[] = [];
  for (const a of await upcomingActivities(from)) {
    (byGrid[a.grid] ??= []).push(a);
    if (audienceOf(a).below !== 'none') forBelow.push(a);
  }
  return { from, byGrid, forBelow };
}

/** An activity by its number, read through the cache the check-in path shares. */
export const activityByNumber = (number: number) => activityCache.get(`number:${number}`, () => findActivity(number));

/**
 * The activity a typed number names, which must be this grid's; to attend (check in, ask for leave),
 * also a training held above for this grid's people.
 */
export async function activityHere(typed: string, grid: GridRecord, toAttend = false): Promise<ActivityRecord> {
  const number = parseActivityNo(typed);
  if (!number) throw new UserError(bi(`「${typed}」不是活动编号，编号形如 A-0012。`, `"${typed}" is not an activity number; they look like A-0012.`));
  const activity = await activityByNumber(number);
  if (!activity) throw new UserError(bi(`没有编号为 ${activityNo(number)} 的活动，请核对。`, `There is no activity ${activityNo(number)}; please check the number.`));
  if (toAttend ? !activityReaches(activity, grid) : activity.grid !== grid.code) {
    throw new UserError(bi(`${activityNo(number)} 是其他网格的活动，不能在本群办理。`, `${activityNo(number)} is another grid's activity; it cannot be handled in this group.`));
  }
  if (activity.cancelledAt) {
    const why = activity.cancelReason ? `（${activity.cancelReason}）` : '';
    throw new UserError(bi(`${activityNo(number)} 已取消${why}。`, `${activityNo(number)} was cancelled${activity.cancelReason ? ` (${activity.cancelReason})` : ''}.`));
  }
  return activity;
}

/** Activities of the grid (and held above for it) from a day ago on: the ones a check-in or leave may be about. */
async function nearActivities(grid: GridRecord, now: Date): Promise<ActivityRecord[]> {
  const from = new Date(now.getTime() - DAY);
  const snapshot = await activityCache.get('near', () => nearSnapshot(from));
  // A clock set back before the snapshot (tests, replays) reads the store.
  if (snapshot.from > from) return activitiesFor([grid], { from });
  const above = snapshot.forBelow.filter((a) => a.grid !== grid.code && activityReaches(a, grid));
  return [...(snapshot.byGrid[grid.code] ?? []), ...above]
    .filter((a) => a.startsAt >= from)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.number - b.number);
}

/** With no number typed: the activity whose check-in is open now; if none, says when the next one opens. */
export async function openActivityHere(grid: GridRecord, now: Date): Promise<ActivityRecord> {
  const near = await nearActivities(grid, now);
  const open = pickOpen(near.map((a) => ({ ...a, ...windowOf(a) })), now);
  if (open) return open;
  const next = near.find((a) => a.checkInOpensAt > now);
  if (!next) throw new UserError(bi('本网格现在没有可以签到的活动。', 'No activity of this grid is open for check-in now.'));
  const line = activityLine(next, now);
  const w = windowText(next, now);
  throw new UserError(bi(`现在没有正在签到的活动。下一个：${line['zh-CN']}，${w['zh-CN']}。`, `No check-in is open now. Next: ${line.en}, ${w.en}.`));
}

/** With no number typed: the grid's next activity that has not started. */
export async function nextActivityHere(grid: GridRecord, now: Date): Promise<ActivityRecord> {
  const next = (await nearActivities(grid, now)).find((a) => a.startsAt > now);
  if (!next) throw new UserError(bi('本网格没有即将开始的活动。', 'This grid has no activity coming up.'));
  return next;
}

/** With no number typed, for a roster: the latest activity whose check-in has opened, else the next one. */
export async function currentActivityHere(grid: GridRecord, now: Date): Promise<ActivityRecord> {
  const all = await activitiesOfGrids([grid.code]);
  const opened = all.filter((a) => a.checkInOpensAt <= now);
  const chosen = opened[opened.length - 1] ?? all.find((a) => a.checkInOpensAt > now);
  if (!chosen) throw new UserError(bi('本网格还没有活动。网格长可以用 /活动 创建。', 'This grid has no activities yet. A leader can create one with /activity.'));
  return chosen;
}
