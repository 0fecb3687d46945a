import type { MemberRecord } from './context.js';
import { maskPhone, normalizePhone } from '../domain/phone.js';
import { bi, type Text } from '../i18n/text.js';
import { UserError } from './errors.js';

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
