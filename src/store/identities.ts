import type { Types } from 'mongoose';
import { ChatIdentityModel } from './models/chatIdentity.js';

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
