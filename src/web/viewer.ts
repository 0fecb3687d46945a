import { adminStreets, findMemberByIdentity, roleOf } from '../core/access.js';
import type { MemberRecord } from '../core/context.js';
import type { Visitor } from './signIn.js';

/**
 * What a console visitor may see, by the same role rules as chat: a bureau admin the district, a
 * street admin their streets, a grid leader their grids. Anyone else has no console.
 */
export interface Viewer {
  visitor: Visitor;
  member: MemberRecord;
  district: boolean;
  streets: string[];
  grids: string[];
}

export async function viewerOf(visitor: Visitor): Promise<Viewer | undefined> {
  const member = await findMemberByIdentity(visitor.platform, visitor.userId);
  if (!member) return undefined;
  const district = (await roleOf(member, undefined)) === 'bureauAdmin';
  const streets = await adminStreets(member);
  const grids = member.memberships.filter((m) => m.role === 'leader' && !streets.includes(m.grid)).map((m) => m.grid);
  if (!district && !streets.length && !grids.length) return undefined;
  return { visitor, member, district, streets, grids };
}

export const mayConsole = async (visitor: Visitor) => (await viewerOf(visitor)) !== undefined;

/** Whether a grid (a level-3 grid, a street's own grid, or the district's) lies in what the viewer sees. */
export function seesGrid(v: Viewer, grid: { code: string; level: number; street?: string | null }): boolean {
  if (v.district) return true;
  if (grid.level === 1) return false;
  return v.grids.includes(grid.code) || v.streets.includes(grid.street ?? grid.code);
}

/** A MongoDB filter on documents carrying `grid` and `street`: what the viewer sees of them. */
export function gridFilter(v: Viewer): Record<string, unknown> {
  return v.district ? {} : { $or: [{ grid: { $in: v.grids } }, { street: { $in: v.streets } }] };
}
