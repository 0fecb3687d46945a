import type { Types } from 'mongoose';
import { GridModel } from '../store/models/grid.js';
import { MemberModel, type GridRole } from '../store/models/member.js';

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

/** The people of several grids with their role in each, from one query (memberships matched by dotted path). */
export async function peopleOfGrids(codes: string[]): Promise<Map<string, GridPerson[]>> {
  const wanted = new Set(codes);
  const people = await MemberModel.find({ 'memberships.grid': { $in: codes } }, { name: 1, unit: 1, identities: 1, lang: 1, memberships: 1 }).lean();
  const byGrid = new Map<string, GridPerson[]>(codes.map((c) => [c, []]));
  for (const p of people) {
    for (const m of p.memberships) {
      if (wanted.has(m.grid)) byGrid.get(m.grid)!.push({ _id: p._id, name: p.name, unit: p.unit, identities: p.identities, lang: p.lang, role: m.role as GridRole });
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
