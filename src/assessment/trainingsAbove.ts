import { audienceOf } from '../domain/activity.js';
import type { AssessmentWindow } from '../domain/assessmentYear.js';
import type { MemberRecord } from '../domain/scoring.js';
import { trainingsForBelow } from '../store/activities.js';
import { checkInsOf } from '../store/attendance.js';
import type { ActivityRecord } from '../store/models/activity.js';

const DAY = 86_400_000;

/**
 * The trainings streets and the bureau held for the level-3 members beneath them, as the
 * assessment counts them: each is expected of every level-3 member it reaches (the street's, or
 * the district's), and attended by a check-in within the window. They are read from the records,
 * not the grid tallies: a year has few of them, and the district's grid has no street to be tallied in.
 */
export class TrainingsAbove {
  private constructor(
    private readonly held: ActivityRecord[],
    private readonly attended: Set<string>,
  ) {}

  static async read({ from, to, asOf }: AssessmentWindow): Promise<TrainingsAbove> {
    // Held: started in the year, check-in closed by `asOf` (as for a grid's own activities).
    const held = (await trainingsForBelow({ from, to })).filter((a) => a.checkInClosesAt <= asOf);
    const checkInFrom = from.getTime() - DAY;
    const checkIns = held.length ? await checkInsOf(held.map((a) => a.number)) : [];
    const attended = new Set(checkIns.filter((r) => r.at.getTime() >= checkInFrom && r.at <= asOf).map((r) => `${r.member}\t${r.activity}`));
    return new TrainingsAbove(held, attended);
  }

  /**
   * A member's count in a street: the trainings that reach it from their start there (undefined: all
   * year) on, leaving out those of a grid the member belongs to (a street's own people have them in
   * their grid's tally already).
   */
  countFor(member: string, street: string, grids: string[], start?: Date): MemberRecord['attendance'] {
    const theirs = this.held.filter((a) => {
      const audience = audienceOf(a);
      if (grids.includes(a.grid) || (start && a.startsAt < start)) return false;
      return audience.below === 'district' || (audience.below === 'street' && audience.street === street);
    });
    return { done: theirs.filter((a) => this.attended.has(`${member}\t${a.number}`)).length, expected: theirs.length };
  }
}
