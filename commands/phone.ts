import { z } from 'zod';
import { adminStreets } from '../src/core/access.js';
import { defineCommand } from '../src/core/command.js';
import type { CommandContext, MemberRecord } from '../src/core/context.js';
import { UserError } from '../src/core/errors.js';
import { IDENTITY } from '../src/identity/texts.js';
import { bi } from '../src/i18n/text.js';
import { onePerson } from '../src/core/personChoice.js';
import { findPeople } from '../src/store/directory.js';
import { streetsOfGrids } from '../src/store/grids.js';

/** The person's own leaders and deputies, their street's admins, and the bureau may see the full number. */
async function maySeeFullNumber(ctx: CommandContext, person: MemberRecord): Promise<boolean> {
  if (ctx.role === 'bureauAdmin') return true;
  const grids = person.memberships.map((m) => m.grid);
  const leading = ctx.member!.memberships.filter((m) => m.role !== 'member').map((m) => m.grid);
  if (grids.some((g) => leading.includes(g))) return true;
  const [streets, mine] = await Promise.all([streetsOfGrids(grids), adminStreets(ctx.member!)]);
  return streets.some((s) => mine.includes(s));
}

export default defineCommand({
  name: 'phone',
  zh: ['号码'],
  params: ['person'],
  args: z.object({ person: z.string().trim().min(1).max(20) }),
  allow: 'registered',
  help: bi('网格长、街道和区统计局管理员：私聊查询本网格人员的完整手机号', "Leaders and admins, in a private chat: a person's full phone"),
  usage: bi('姓名', 'NAME'),
  async run(ctx, { person: typed }) {
    if (ctx.message.chatType !== 'p2p') throw new UserError(IDENTITY.fullNumberPrivately);
    const person = onePerson(await findPeople(typed), typed, IDENTITY.notYourPerson(typed));
    if (!(await maySeeFullNumber(ctx, person))) throw new UserError(IDENTITY.notYourPerson(typed));
    return bi(`${person.name}：${person.phone}`, `${person.name}: ${person.phone}`);
  },
});
