import type { Types } from 'mongoose';
import type { MemberRecord } from '../core/context.js';
import { plainMemberships, replacedLeaders, roleIn, sameMemberships, withRole, type Membership } from '../domain/gridRoles.js';
import { normalizePhone } from '../domain/phone.js';
import { isDuplicateKey } from './connect.js';
import { linkIdentities } from './identities.js';
import { ChatIdentityModel } from './models/chatIdentity.js';
import { GridModel } from './models/grid.js';
import { identityKey, MemberModel } from './models/member.js';

/** A chat account as the directory keeps it: "platform:userId". */
export { identityKey };
import { syncRosters } from './rosters.js';

/** The people of a grid's directory. */
export async function gridPeople(grid: string): Promise<MemberRecord[]> {
  return MemberModel.find({ 'memberships.grid': grid }).lean<MemberRecord[]>();
}

/** The people of several grids' directories, each once. */
export async function peopleInGrids(grids: string[]): Promise<MemberRecord[]> {
  return MemberModel.find({ 'memberships.grid': { $in: grids } }).lean<MemberRecord[]>();
}

/** Directory entries a person names by phone (one) or by name (maybe several). */
export async function findPeople(nameOrPhone: string): Promise<MemberRecord[]> {
  const phone = normalizePhone(nameOrPhone);
  return MemberModel.find(phone ? { phone } : { name: nameOrPhone.trim() }).limit(10).lean<MemberRecord[]>();
}

/**
 * Rewrites one member's memberships: the new list replaces the old one, matched as read (compare
 * and set), so a change that raced with another writer's re-reads and applies `change` again.
 * Returns whether anything changed. A grid joined gets `since: at`, when given (the assessment counts from it).
 */
export async function changeMemberships(memberId: unknown, change: (ms: Membership[]) => Membership[], at?: Date): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const doc = await MemberModel.findById(memberId, { memberships: 1 }).lean();
    if (!doc) return false;
    const before = plainMemberships(doc.memberships);
    const joined = (m: Membership) => at && !m.since && !before.some((b) => b.grid === m.grid);
    const after = change(before).map((m) => (joined(m) ? { ...m, since: at } : m));
    if (sameMemberships(before, after)) return false;
    const res = await MemberModel.updateOne({ _id: memberId, memberships: before }, { $set: { memberships: after } });
    if (res.modifiedCount === 0) continue;
    await syncRosters(memberId, before.map((m) => m.grid));
    return true;
  }
  throw new Error(`memberships of ${String(memberId)} kept changing`);
}

/** A directory entry by its id. */
export async function memberById(id: unknown): Promise<MemberRecord | undefined> {
  return (await MemberModel.findById(id).lean<MemberRecord>()) ?? undefined;
}

/** The directory entry with this phone (phones are unique). */
export async function memberByPhone(phone: string): Promise<MemberRecord | undefined> {
  return (await MemberModel.findOne({ phone }).lean<MemberRecord>()) ?? undefined;
}

/**
 * A new directory entry, a member of `grid`. The unique phone keeps one entry: a re-run after a
 * crash, or a racing add, finds the entry and adds the membership.
 */
export async function addDirectoryEntry(person: { name: string; phone: string; unit: string }, grid: string, at: Date): Promise<void> {
  await MemberModel.create({ ...person, memberships: [{ grid, role: 'member', since: at }] }).then(
    (made) => syncRosters(made._id),
    async (err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
      const made = (await MemberModel.findOne({ phone: person.phone }).lean())!;
      await changeMemberships(made._id, (ms) => withRole(ms, grid, roleIn(ms, grid) ?? 'member'), at);
    },
  );
}

export async function membersById(ids: unknown[]): Promise<MemberRecord[]> {
  return ids.length ? MemberModel.find({ _id: { $in: ids } }).lean<MemberRecord[]>() : [];
}

const platformOf = (account: string) => account.slice(0, account.indexOf(':'));

/**
 * Links a chat account ("platform:userId") to a member, unless the member already has another
 * account on that platform. The link is a compare-and-set on the identities as read: of two racing
 * accounts one wins, and a write that lost to an unrelated change reads again.
 */
export async function linkAccount(memberId: Types.ObjectId, account: string): Promise<'linked' | 'taken'> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const doc = await MemberModel.findById(memberId, { identities: 1 }).lean();
    if (!doc) return 'taken';
    // Already linked by a run that stopped before writing the lookup entry.
    if (!doc.identities.includes(account)) {
      if (doc.identities.some((i) => platformOf(i) === platformOf(account))) return 'taken';
      const res = await MemberModel.updateOne({ _id: memberId, identities: doc.identities }, { $push: { identities: account } });
      if (res.modifiedCount === 0) continue;
    }
    await linkIdentities([{ _id: memberId, identities: [account] }]);
    return 'linked';
  }
  return 'taken';
}

/** Unlinks a member's chat accounts (those `which` picks); returns the ones removed. */
export async function unlinkAccounts(memberId: Types.ObjectId, which: (account: string) => boolean): Promise<string[]> {
  let removed: string[] = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    const doc = await MemberModel.findById(memberId, { identities: 1 }).lean();
    removed = doc?.identities.filter(which) ?? [];
    if (!removed.length) break;
    const kept = doc!.identities.filter((i) => !which(i));
    const res = await MemberModel.updateOne({ _id: memberId, identities: doc!.identities }, { $set: { identities: kept } });
    if (res.modifiedCount === 1) break;
  }
  // The lookup entries too, also one left by a run that stopped between the two writes.
  const links = await ChatIdentityModel.find({ member: memberId }, { _id: 1 }).lean();
  const stale = links.map((l) => l._id).filter(which);
  if (stale.length) await ChatIdentityModel.deleteMany({ _id: { $in: stale } });
  return removed;
}

/**
 * Makes `appointee` the grid's leader and every other leader of it a member; deputies stay.
 * Returns those replaced. The grid names its latest appointee (`leaderAppointee`, last write
 * wins), and each appointment, after its writes, settles the grid on whoever that is now and looks
 * again: two at once, which would each demote the other, end with one leader, the later one.
 */
export async function appointLeader(grid: string, appointee: MemberRecord, at?: Date): Promise<MemberRecord[]> {
  await GridModel.updateOne({ code: grid }, { $set: { leaderAppointee: appointee._id } });
  const appointeeOf = async () => String((await GridModel.findOne({ code: grid }, { leaderAppointee: 1 }).lean())?.leaderAppointee);
  const replaced = new Map<string, MemberRecord & { id: string }>();
  for (let winner = await appointeeOf(), attempt = 0; attempt < 5; attempt++) {
    await changeMemberships(winner, (ms) => withRole(ms, grid, 'leader'), at);
    const people = (await gridPeople(grid)).map((p) => ({ ...p, id: p._id.toString() }));
    for (const old of replacedLeaders(people, grid, winner)) {
      await changeMemberships(old._id, (ms) => withRole(ms, grid, 'member'));
      replaced.set(old.id, old);
    }
    const now = await appointeeOf();
    if (now === winner) return [...replaced.values()].filter((p) => p.id !== winner);
    winner = now;
  }
  throw new Error(`appointments to ${grid} kept changing`);
}
