import { adminStreets } from './access.js';
import type { CommandContext } from './context.js';
import { UserError } from './errors.js';
import { bi } from '../i18n/text.js';

/**
 * The street a street-level command is about: the street of the group it is sent in, else the
 * caller's own street as a street admin; undefined for a bureau admin outside any street.
 */
export async function streetInScope(ctx: CommandContext): Promise<string | undefined> {
  if (ctx.grid?.street) return ctx.grid.street;
  const own = ctx.member ? await adminStreets(ctx.member) : [];
  if (own.length === 1) return own[0];
  if (ctx.role === 'bureauAdmin' && own.length === 0) return undefined;
  throw new UserError(bi('请在要查看的街道或网格的群里发送。', 'Send this in the group of the street or grid you mean.'));
}

/** Like `streetInScope`, for commands that need a street. */
export async function requireStreet(ctx: CommandContext): Promise<string> {
  const street = await streetInScope(ctx);
  if (!street) throw new UserError(bi('请在要设置的街道的群里发送。', 'Send this in the group of the street you mean.'));
  return street;
}
