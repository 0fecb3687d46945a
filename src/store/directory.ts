import type { MemberRecord } from '../core/context.js';
import { plainMemberships, roleIn, sameMemberships, withRole, type Membership } from '../domain/gridRoles.js';
import { normalizePhone } from '../domain/phone.js';
import { isDuplicateKey } from './connect.js';
import { linkIdentities } from './identities.js';
import { identityKey, MemberModel } from './models/member.js';
import { syncRosters } from './rosters.js';

/** The people of a grid's directory. */
export async function gridPeople(grid: string): Promise<MemberRecord[]> {
  return MemberModel.find({ 'memberships.grid': grid }).lean<MemberRecord[]>();
}

/** Directory entries a person names by phone (one) or by name (maybe several). */
export async function findPeople(nameOrPhone: string): Promise<MemberRecord[]> {
  const phone = normalizePhone(nameOrPhone);
  return MemberModel.find(phone ? { phone } : { name: nameOrPhone.trim() }).limit(10).lean<MemberRecord[]>();
}

/**
 * Rewrites one member's memberships: the new list replaces the old one, matched as read (compare
 * and set), so a change that raced with another writer's re-reads and applies `change` again.
 * Returns whether anything changed.
 */
export async function changeMemberships(memberId: unknown, change: (ms: Membership[]) => Membership[]): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const doc = await MemberModel.findById(memberId, { memberships: 1 }).lean();
    if (!doc) return false;
    const before = plainMemberships(doc.memberships);
    const after = change(before);
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
export async function addDirectoryEntry(person: { name: string; phone: string; unit: string }, grid: string): Promise<void> {
  await MemberModel.create({ ...person, memberships: [{ grid, role: 'member' }] }).then(
    (made) => syncRosters(made._id),
    async (err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
      const made = (await MemberModel.findOne({ phone: person.phone }).lean())!;
      await changeMemberships(made._id, (ms) => withRole(ms, grid, roleIn(ms, grid) ?? 'member'));
    },
  );
}
