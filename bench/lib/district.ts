import { Types } from 'mongoose';
import { ActivityModel } from '../../src/store/models/activity.js';
import { ChatBindingModel } from '../../src/store/models/chatBinding.js';
import { ChatIdentityModel } from '../../src/store/models/chatIdentity.js';
import { GridModel } from '../../src/store/models/grid.js';
import { identityKey, MemberModel } from '../../src/store/models/member.js';
import { rebuildRosters } from '../../src/store/rosters.js';

export type ChatPlatform = 'lark' | 'dingtalk';

/**
 * A generated district for the benchmarks that talk to the bot: `grids` level-3 grids in streets of
 * `perStreet`, each bound to one group on each platform in `platforms` (or, with `alternate`, on
 * one platform in turn), with `members` people each (a leader, a deputy, the rest members) who are
 * registered on those platforms. A bureau admin sits in the district group on every platform.
 */
export interface DistrictSize {
  grids: number;
  perStreet: number;
  members: number;
  platforms: ChatPlatform[];
  alternate?: boolean;
  /** An activity open for check-in now in every grid (for /签到). */
  activities?: boolean;
}

export const DISTRICT = 'BD';
export const ADMIN = -1;

/** Chat and user ids as the fakes see them; `g` = ADMIN is the district group and its admin. */
export const chatOf = (platform: ChatPlatform, g: number) => (platform === 'lark' ? `oc_bench_${g < 0 ? 'district' : g}` : `cidBench${g < 0 ? 'District' : g}`);
export const userOf = (platform: ChatPlatform, g: number, m = 0) =>
  platform === 'lark' ? `ou_bench_${g < 0 ? 'admin' : `${g}_${m}`}` : `staff_bench_${g < 0 ? 'admin' : `${g}_${m}`}`;
/** The platform grid `g` is bound on when platforms alternate. */
export const platformOf = (size: DistrictSize, g: number) => size.platforms[size.alternate ? g % size.platforms.length : 0]!;

const BATCH = 5000;

async function inBatches<T>(items: T[], write: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH) await write(items.slice(i, i + BATCH));
}

export async function seedDistrict(size: DistrictSize, now = new Date()): Promise<{ members: number; bindings: number }> {
  const streets = Math.ceil(size.grids / size.perStreet);
  const streetOf = (g: number) => `S${String(Math.floor(g / size.perStreet) + 1).padStart(3, '0')}`;
  const code = (g: number) => `${streetOf(g)}-${String(g % size.perStreet).padStart(3, '0')}`;
  await GridModel.insertMany([
    { code: DISTRICT, name: '基准区统计网格', level: 1 },
    ...Array.from({ length: streets }, (_, s) => ({ code: streetOf(s * size.perStreet), name: `第${s + 1}街道统计网格`, level: 2, parent: DISTRICT, street: streetOf(s * size.perStreet) })),
  ]);
  const grids = Array.from({ length: size.grids }, (_, g) => ({ code: code(g), name: `第${Math.floor(g / size.perStreet) + 1}街道工业网格${(g % size.perStreet) + 1}`, level: 3, industry: '工业', parent: streetOf(g), street: streetOf(g) }));
  await inBatches(grids, (batch) => GridModel.insertMany(batch, { ordered: false }));

  const bound = (g: number) => (size.alternate ? [platformOf(size, g)] : size.platforms);
  const bindings = [
    ...size.platforms.map((p) => ({ platform: p, chatId: chatOf(p, ADMIN), grid: DISTRICT })),
    ...grids.flatMap((grid, g) => bound(g).map((p) => ({ platform: p, chatId: chatOf(p, g), grid: grid.code }))),
  ];
  await inBatches(bindings, (batch) => ChatBindingModel.insertMany(batch, { ordered: false }));

  const person = (g: number, m: number, grid: string, role: string) => ({
    _id: new Types.ObjectId(),
    name: g < 0 ? '区统计局管理员' : `成员${g}-${m}`,
    phone: g < 0 ? '13900000000' : `13${String(g * size.members + m + 1).padStart(9, '0')}`,
    unit: g < 0 ? '区统计局' : `测试${g}-${m}有限公司`,
    memberships: [{ grid, role }],
    identities: (g < 0 ? size.platforms : bound(g)).map((p) => identityKey(p, userOf(p, g, m))),
  });
  const people = [
    person(ADMIN, 0, DISTRICT, 'deputy'),
    ...grids.flatMap((grid, g) => Array.from({ length: size.members }, (_, m) => person(g, m, grid.code, m === 0 ? 'leader' : m === 1 ? 'deputy' : 'member'))),
  ];
  await inBatches(people, (batch) => MemberModel.collection.insertMany(batch, { ordered: false }));
  // The grid rosters `/通讯录` and the assessment read, as the bot keeps them.
  await rebuildRosters();
  // What `linkIdentities` writes, inserted rather than upserted: its upserts cost ~4 ms each on FerretDB.
  const identities = people.flatMap((p) => p.identities.map((key) => ({ _id: key, member: p._id })));
  await inBatches(identities, (batch) => ChatIdentityModel.collection.insertMany(batch as never[], { ordered: false }));

  if (size.activities) {
    const hour = 3600_000;
    await inBatches(
      grids.map((grid, g) => ({
        number: g + 1, grid: grid.code, street: grid.street, type: 'meeting', title: '季度例会',
        startsAt: new Date(now.getTime() + hour / 2), checkInOpensAt: new Date(now.getTime() - hour), checkInClosesAt: new Date(now.getTime() + 3 * hour),
        place: '统计之家', platform: platformOf(size, g), chatId: chatOf(platformOf(size, g), g), createdBy: 'bench', eventKey: `bench:activity:${g}`,
      })),
      (batch) => ActivityModel.collection.insertMany(batch, { ordered: false }),
    );
  }
  return { members: people.length, bindings: bindings.length };
}
