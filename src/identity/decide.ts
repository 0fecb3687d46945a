import type { CommandContext } from '../core/context.js';
import { UserError } from '../core/errors.js';
import { closeRegistration, registrationByNumber, type Registration } from '../store/registrations.js';
import { IDENTITY } from './texts.js';

/**
 * The registration a leader confirms or refuses, taken off the list: only one of its confirmers (or
 * a bureau admin) may, and of two deciding at once only one gets it.
 */
export async function takeRegistration(ctx: CommandContext, number: string): Promise<Registration> {
  const registration = await registrationByNumber(number);
  if (!registration) throw new UserError(IDENTITY.noSuchRegistration(number));
  const mine = registration.confirmers.some((c) => String(c) === String(ctx.member!._id));
  if (!mine && ctx.role !== 'bureauAdmin') throw new UserError(IDENTITY.notYours);
  if (!(await closeRegistration(number))) throw new UserError(IDENTITY.noSuchRegistration(number));
  return registration;
}
