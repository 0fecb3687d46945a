import type { MemberRecord } from '../core/context.js';
import { parentGrids } from '../store/grids.js';
import { membersById } from '../store/directory.js';
import { rosterOf } from '../store/rosters.js';

/** The grid tree is three levels deep: district, street, level-3 grid. */
const LEVELS = 3;

/**
 * Who confirms that a chat account is this person: the leaders and deputies of the person's own
 * grids (for street and bureau people, those of their street or the district), other than the
 * person; where there are none, those of the grid above.
 */
export async function confirmersOf(person: MemberRecord): Promise<MemberRecord[]> {
  let grids = person.memberships.map((m) => m.grid);
  for (let level = 0; level < LEVELS && grids.length; level++) {
    const leading = new Set<string>();
    for (const grid of grids) {
      for (const p of await rosterOf(grid)) {
        if (p.role !== 'member' && p.member !== String(person._id)) leading.add(p.member);
      }
    }
    if (leading.size) return membersById([...leading]);
    grids = await parentGrids(grids);
  }
  return [];
}

/** A member's user id on a platform, from their "platform:userId" identities. */
export function userIdOn(member: Pick<MemberRecord, 'identities'>, platform: string): string | undefined {
  const key = member.identities.find((i) => i.startsWith(`${platform}:`));
  return key?.slice(platform.length + 1);
}
