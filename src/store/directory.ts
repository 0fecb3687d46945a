import type { MemberRecord } from '../core/context.js';
import { plainMemberships, replacedLeaders, sameMemberships, withRole, type Membership } from '../domain/gridRoles.js';
import { maskPhone, normalizePhone } from '../domain/phone.js';
import { UserError } from '../core/errors.js';
import { bi, type Text } from '../i18n/text.js';
import { MemberModel } from './models/member.js';
import { inTurn, memberTurn } from './turns.js';
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

/** People whose name or phone is the typed one. */
export function matching(people: MemberRecord[], typed: string): MemberRecord[] {
  const phone = normalizePhone(typed);
  return people.filter((p) => (phone ? p.phone === phone : p.name === typed.trim()));
}

/** The one person meant; several of one name must be told apart by phone. */
export function onePerson(people: MemberRecord[], typed: string, notFound: Text): MemberRecord {
  if (people.length === 1) return people[0]!;
  if (!people.length) throw new UserError(notFound);
  const list = people.map((p) => `${p.name} ${maskPhone(p.phone)}`).join('、');
  throw new UserError(bi(`有 ${people.length} 人叫「${typed}」（${list}），请改用手机号。`, `${people.length} people are called "${typed}" (${list}); use the phone number instead.`));
}

/**
 * Rewrites one member's memberships. FerretDB has neither `$pull` by condition nor the positional
 * `$`, so the new list replaces the old one, matched as read, in the member's turn (FerretDB does
 * not make that conditional update atomic); a change by a writer outside the turns (an import)
 * makes it re-read and apply `change` again. Returns whether anything changed.
 */
export async function changeMemberships(memberId: unknown, change: (ms: Membership[]) => Membership[]): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const outcome = await inTurn(memberTurn(memberId), async () => {
      const doc = await MemberModel.findById(memberId, { memberships: 1 }).lean();
      if (!doc) return 'unchanged';
      const before = plainMemberships(doc.memberships);
      const after = change(before);
      if (sameMemberships(before, after)) return 'unchanged';
      const res = await MemberModel.updateOne({ _id: memberId, memberships: before }, { $set: { memberships: after } });
      return res.modifiedCount === 1 ? before.map((m) => m.grid) : 'again';
    });
    if (outcome === 'unchanged') return false;
    if (outcome === 'again') continue;
    await syncRosters(memberId, outcome);
    return true;
  }
  throw new Error(`memberships of ${String(memberId)} kept changing`);
}

/**
 * Makes `appointee` the grid's leader and every other leader of it a member, in the grid's turn: two
 * appointments at once would each demote the other and leave the grid without one. Deputies stay.
 * Returns those replaced.
 */
export async function appointLeader(grid: string, appointee: MemberRecord): Promise<MemberRecord[]> {
  return inTurn(`grid-leader:${grid}`, async () => {
    await changeMemberships(appointee._id, (ms) => withRole(ms, grid, 'leader'));
    const people = (await gridPeople(grid)).map((p) => ({ ...p, id: p._id.toString() }));
    const replaced = replacedLeaders(people, grid, appointee._id.toString());
    for (const old of replaced) await changeMemberships(old._id, (ms) => withRole(ms, grid, 'member'));
    return replaced;
  });
}
