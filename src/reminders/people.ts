import { Types } from 'mongoose';
import { GridModel } from '../store/models/grid.js';
import { MemberModel, type GridRole } from '../store/models/member.js';
import { rostersOf } from '../store/rosters.js';

/** What a reminder needs of a person. */
export interface Person {
  _id: Types.ObjectId;
  name: string;
  unit?: string | null;
  identities: string[];
  lang?: string | null;
}

export type GridPerson = Person & { role: GridRole };

export interface GridInfo {
  code: string;
  name: string;
  street?: string | null;
}

export const level3Grids = (street: string): Promise<GridInfo[]> =>
  GridModel.find({ street, level: 3 }, { code: 1, name: 1, street: 1 }).sort({ code: 1 }).lean();

/**
 * The people of several grids with their role in each: who is in them from the grids' rosters, then
 * those people by id. Both reads search an index; a query on the members' dotted
 * `memberships.grid` decodes every member on FerretDB (about 30 s a street in a district of 150,000).
 */
export async function peopleOfGrids(codes: string[]): Promise<Map<string, GridPerson[]>> {
  const byGrid = new Map<string, GridPerson[]>(codes.map((c) => [c, []]));
  const roles = new Map<string, Array<{ grid: string; role: GridRole }>>();
  for await (const { grid, people } of rostersOf(codes)) {
    for (const p of people) roles.set(p.member, [...(roles.get(p.member) ?? []), { grid, role: p.role }]);
  }
  const ids = [...roles.keys()].map((id) => new Types.ObjectId(id));
  const people = ids.length ? await MemberModel.find({ _id: { $in: ids } }, { name: 1, unit: 1, identities: 1, lang: 1 }).lean() : [];
  for (const p of people) {
    for (const { grid, role } of roles.get(p._id.toString()) ?? []) {
      byGrid.get(grid)!.push({ _id: p._id, name: p.name, unit: p.unit, identities: p.identities, lang: p.lang, role });
    }
  }
  return byGrid;
}

/** Who answers for a grid: its leader, or its deputies when it has no leader. */
export function answerableFor(people: GridPerson[]): GridPerson[] {
  const leaders = people.filter((p) => p.role === 'leader');
  return leaders.length ? leaders : people.filter((p) => p.role === 'deputy');
}

export const leadingOf = (people: GridPerson[]) => people.filter((p) => p.role === 'leader' || p.role === 'deputy');
