import type { Types } from 'mongoose';
import type { MemberRecord } from '../core/context.js';
import { ChatIdentityModel } from './models/chatIdentity.js';
import { MemberModel } from './models/member.js';

/**
 * Writes the lookup entries for members' chat identities (their "platform:userId" strings). Call it
 * wherever members gain identities outside `/登记` (seeds, fixtures); it is idempotent.
 */
export async function linkIdentities(members: Array<{ _id: Types.ObjectId; identities: string[] }>): Promise<void> {
  const ops = members.flatMap((m) =>
    m.identities.map((key) => ({
      updateOne: { filter: { _id: key }, update: { $setOnInsert: { member: m._id } }, upsert: true },
    })),
  );
  for (let i = 0; i < ops.length; i += 1000) await ChatIdentityModel.bulkWrite(ops.slice(i, i + 1000), { ordered: false });
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
