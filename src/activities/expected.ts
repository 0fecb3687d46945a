import type { MemberRecord } from '../core/context.js';
import { audienceOf } from '../domain/activity.js';
import { gridPeople, peopleInGrids } from '../store/directory.js';
import { levelThreeGrids } from '../store/grids.js';
import type { ActivityRecord } from '../store/models/activity.js';

/** The grids whose people are expected at an activity: its own, and those a training held above reaches. */
export async function expectedGrids(activity: ActivityRecord): Promise<string[]> {
  const audience = audienceOf(activity);
  if (audience.below === 'none') return [activity.grid];
  const below = await levelThreeGrids(audience.below === 'street' ? audience.street : undefined);
  return [activity.grid, ...below.map((g) => g.code)];
}

/** The people expected at an activity (see `expectedGrids`), each once. */
export async function expectedPeople(activity: ActivityRecord): Promise<MemberRecord[]> {
  return audienceOf(activity).below === 'none' ? gridPeople(activity.grid) : peopleInGrids(await expectedGrids(activity));
}
