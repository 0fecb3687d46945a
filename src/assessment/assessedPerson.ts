import { UserError } from '../core/errors.js';
import { bi } from '../i18n/text.js';
import { findPeople } from '../store/directory.js';
import { streetsOfGrids } from '../store/grids.js';
import { resultOf, type RunRecord, type StreetRef } from './runs.js';
import { streetRefs } from './workflow.js';

/** Whom a street adjusts or places: one person of its assessment, named by name or phone. */
export async function assessedPerson(run: RunRecord, street: StreetRef, who: string) {
  const people = await findPeople(who);
  if (!people.length) throw new UserError(bi(`通讯录里没有「${who}」。`, `No one called "${who}" in the directory.`));
  if (people.length > 1) throw new UserError(bi(`有 ${people.length} 位「${who}」，请改用手机号。`, `${people.length} people are called "${who}"; use the phone number.`));
  const person = people[0]!;
  const result = await resultOf(run, person);
  if (result) return { person, result };
  const others = (await streetsOfGrids(person.memberships.map((m) => m.grid), 3)).filter((s) => s !== street.code);
  if (others.length) {
    const names = (await streetRefs(others)).map((s) => s.name).join('、');
    throw new UserError(bi(`${person.name}是${names}的网格员，不在${street.name}的考核名单中，不能由本街道调整。`, `${person.name} belongs to ${names}, not ${street.name}; this street cannot adjust their result.`));
  }
  throw new UserError(bi(`${person.name}不在${street.name} ${run.year} 年的考核名单中（考核三级网格的成员）。`, `${person.name} is not among ${street.name}'s members assessed for ${run.year} (members of level-3 grids).`));
}
