/**
 * Who leads a grid. A grid has one leader (网格长); appointing another makes the previous one a
 * member. Deputies (副网格长) may be several. A membership is one grid and one role.
 */
export type GridRole = 'leader' | 'deputy' | 'member';

export interface Membership {
  grid: string;
  role: GridRole;
  /** When they joined the grid; absent for those there since the grid's start. */
  since?: Date;
}

const RANK: Record<GridRole, number> = { member: 0, deputy: 1, leader: 2 };
export const higherRole = (a: GridRole, b: GridRole): GridRole => (RANK[a] >= RANK[b] ? a : b);

/** Memberships as stored (the role a plain string). */
type Stored = ReadonlyArray<{ grid: string; role: string; since?: Date | null }>;

export const roleIn = (memberships: Stored, grid: string): GridRole | undefined =>
  memberships.find((m) => m.grid === grid)?.role as GridRole | undefined;

/** The memberships with the role in `grid` set, added when absent. */
export const plainMemberships = (memberships: Stored): Membership[] =>
  memberships.map((m) => ({ grid: m.grid, role: m.role as GridRole, ...(m.since && { since: m.since }) }));

export function withRole(memberships: Stored, grid: string, role: GridRole): Membership[] {
  const plain = plainMemberships(memberships);
  return roleIn(plain, grid) ? plain.map((m) => (m.grid === grid ? { ...m, role } : m)) : [...plain, { grid, role }];
}

export const withoutGrid = (memberships: Stored, grid: string): Membership[] => plainMemberships(memberships.filter((m) => m.grid !== grid));

/** The leaders a new leader of `grid` replaces: everyone else who leads it now. */
export function replacedLeaders<P extends { id: string; memberships: Stored }>(people: P[], grid: string, appointee: string): P[] {
  return people.filter((p) => p.id !== appointee && roleIn(p.memberships, grid) === 'leader');
}

/**
 * A role read from a sheet: 网格长 and 副网格长 appoint; 网格员 never demotes, so re-importing the
 * bureau's sheet keeps leaders a street admin appointed since.
 */
export const sheetRole = (current: GridRole | undefined, sheet: GridRole): GridRole => (sheet === 'member' ? (current ?? 'member') : sheet);

export const sameMemberships = (a: readonly Membership[], b: readonly Membership[]) =>
  a.length === b.length && a.every((m, i) => m.grid === b[i]!.grid && m.role === b[i]!.role);
