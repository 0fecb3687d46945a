import type { Services } from './services.js';
import { refreshCaches, VersionedCache } from './versionedCache.js';
import { bindingKey, ChatBindingModel } from '../store/models/chatBinding.js';
import { ChatIdentityModel } from '../store/models/chatIdentity.js';
import { GridModel } from '../store/models/grid.js';
import { identityKey, MemberModel } from '../store/models/member.js';
import type { GridRecord, MemberRecord } from './context.js';
import { higher, type Role } from './roles.js';
import type { InboundMessage } from './types.js';

// Every lookup on the message path is one indexed equality match, through the directory cache:
// most messages need no database at all. The two a new sender costs go to the driver directly:
// plain documents by key, with nothing for mongoose to cast or hook.
const directory = new VersionedCache('directory');

export function findMemberByIdentity(platform: string, userId: string): Promise<MemberRecord | undefined> {
  return directory.get(`identity:${identityKey(platform, userId)}`, async () => {
    const key = identityKey(platform, userId);
    const link = await ChatIdentityModel.collection.findOne({ _id: key } as never, { projection: { member: 1 } });
    if (!link) return undefined;
    return ((await MemberModel.collection.findOne({ _id: link.member })) as MemberRecord | null) ?? undefined;
  });
}

const gridByCode = (code: string) =>
  directory.get(`grid:${code}`, async () => ((await GridModel.findOne({ code }).lean()) as GridRecord | null) ?? undefined);

export function findBoundGrid(platform: string, chatId: string): Promise<GridRecord | undefined> {
  return directory.get(`chat:${bindingKey(platform, chatId)}`, async () => {
    const binding = await ChatBindingModel.findById(bindingKey(platform, chatId), { grid: 1 }).lean();
    return binding ? gridByCode(binding.grid) : undefined;
  });
}

/** Grids by code, through the directory cache (codes with no grid are left out). */
export async function cachedGrids(codes: string[]): Promise<GridRecord[]> {
  const grids = await Promise.all(codes.map(gridByCode));
  return grids.filter((g) => g !== undefined);
}

export interface GridSummary {
  code: string;
  name: string;
  level: number;
  street?: string | null;
  industry?: string | null;
}

/**
 * Every grid, and the codes of those bound to a group: what a broadcast targets and counts. Read
 * once (two passes over grids and bindings) until the directory changes; called from jobs too, so
 * it settles the caches first.
 */
export async function gridCensus(services: Pick<Services, 'clock'>): Promise<{ grids: readonly GridSummary[]; bound: readonly string[] }> {
  refreshCaches(services);
  return directory.get('census', async () => {
    const [grids, bound] = await Promise.all([
      GridModel.find({}, { _id: 0, code: 1, name: 1, level: 1, street: 1, industry: 1 }).lean<GridSummary[]>(),
      ChatBindingModel.distinct('grid'),
    ]);
    return { grids, bound: bound as string[] };
  });
}

const isLeading = (role: string) => role === 'leader' || role === 'deputy';

/**
 * The caller's role here. Leaders and deputies of the district grid are bureau admins everywhere;
 * those of a street grid are street admins for that street; otherwise their role in this grid.
 */
export async function roleOf(member: MemberRecord | undefined, grid: Pick<GridRecord, 'code' | 'street'> | undefined): Promise<Role> {
  if (!member) return 'anyone';
  let role: Role = 'registered';
  const leading = member.memberships.filter((m) => isLeading(m.role)).map((m) => m.grid);
  if (leading.length) {
    for (const g of await cachedGrids(leading)) {
      if (g.level === 1) role = higher(role, 'bureauAdmin');
      // Outside any grid (a private chat, an unbound group) a street admin is one for their own street;
      // commands then check which street the target belongs to.
      else if (g.level === 2 && (!grid || grid.street === g.code)) role = higher(role, 'streetAdmin');
    }
  }
  if (grid) {
    const own = member.memberships.find((m) => m.grid === grid.code);
    if (own) role = higher(role, own.role as Role);
  }
  return role;
}

/** Street codes where the member is a street admin (leader or deputy of the level-2 grid). */
export async function adminStreets(member: MemberRecord): Promise<string[]> {
  const leading = member.memberships.filter((m) => isLeading(m.role)).map((m) => m.grid);
  return (await cachedGrids(leading)).filter((g) => g.level === 2).map((g) => g.code);
}

export const chatKey = (msg: Pick<InboundMessage, 'platform' | 'chatId'>) => `${msg.platform}:${msg.chatId}`;
