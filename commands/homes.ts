import { z } from 'zod';
import { HOMES } from '../src/activities/homeTexts.js';
import { HOME_CODE } from '../src/activities/start.js';
import { adminStreets } from '../src/core/access.js';
import type { CommandContext } from '../src/core/context.js';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { atLeast } from '../src/core/roles.js';
import { streetInScope } from '../src/core/streetScope.js';
import { looksLikeFormula } from '../src/domain/sheetText.js';
import { bi, lines } from '../src/i18n/text.js';
import { districtGrid } from '../src/store/grids.js';
import { addHome, homeByCode, homesFor, retireHome } from '../src/store/statHomes.js';

const ADD = ['新增', 'add'];

async function list(ctx: CommandContext) {
  const homes = await homesFor(ctx.grid);
  if (!homes.length) return bi('这里还没有登记统计之家。', 'No statistics homes are registered here yet.');
  const row = (h: (typeof homes)[number]) => `${h.code} ${h.name}${h.address ? `｜${h.address}` : ''}`;
  return lines(
    bi(`统计之家（${homes.length} 处）：`, `Statistics homes (${homes.length}):`),
    ...homes.map(row),
    bi('创建活动时可用编号作地点，例如 /活动 例会 明天 14:30 ' + homes[0]!.code + ' 季度例会', `Use a code as the place of an activity, e.g. /activity meeting tomorrow 14:30 ${homes[0]!.code} quarterly meeting`),
  );
}

/** A street admin's home goes in their street; a bureau admin's outside any street is the district's. */
async function add(ctx: CommandContext, typedCode: string, name: string | undefined, address: string) {
  const street = await streetInScope(ctx);
  const owner = street ?? (await districtGrid())?.code;
  if (!owner) throw new UserError(bi('还没有区级网格，无法新增区里的统计之家。', 'There is no district grid yet.'));
  const code = typedCode.toUpperCase();
  if (!HOME_CODE.test(code) || !code.startsWith(`${owner}-`)) throw new UserError(HOMES.badCode(typedCode, owner));
  if (!name || name.length > 30 || looksLikeFormula(name)) throw new UserError(HOMES.badName);
  if (address.length > 60) throw new UserError(HOMES.longAddress);
  const home = { code, name, scope: street ? ('street' as const) : ('district' as const), street: owner, address };
  if (!(await addHome(home))) throw new UserError(HOMES.taken(code));
  ctx.auditDetail = `home added ${code}`;
  return HOMES.added(home);
}

async function retire(ctx: CommandContext, typedCode: string) {
  const home = await homeByCode(typedCode);
  if (!home) throw new UserError(HOMES.unknown(typedCode));
  if (ctx.role !== 'bureauAdmin' && !(await adminStreets(ctx.member!)).includes(home.street)) throw new UserError(HOMES.notYours(home));
  if (!(await retireHome(home.code, ctx.now, ctx.member!._id.toString()))) {
    ctx.nothingChanged = true;
    return HOMES.retiredAlready(home);
  }
  ctx.auditDetail = `home retired ${home.code}`;
  return HOMES.retiredNow(home);
}

export default defineCommand({
  name: 'homes',
  zh: ['统计之家'],
  params: ['action', 'code', 'name', '...address'],
  args: z.object({
    action: z.enum(['新增', '停用', 'add', 'retire']).optional(),
    code: z.string().max(20).optional(),
    name: z.string().max(40).optional(),
    address: z.string().max(200).optional(),
  }),
  allow: 'registered',
  changesState: true,
  help: bi('统计之家（活动场所）：本街道的、本网格的和区里的；街道管理员可新增、停用', "Statistics homes (activity venues): the street's, this grid's and the district's; street admins add and retire them"),
  usage: bi('[新增 编号 名称 [地址] | 停用 编号]', '[add CODE NAME [ADDRESS] | retire CODE]'),
  async run(ctx, { action, code, name, address }) {
    if (!action) {
      ctx.nothingChanged = true; // a listing: nothing to audit
      return list(ctx);
    }
    if (!atLeast(ctx.role, 'streetAdmin')) throw new UserError(HOMES.onlyAdmins);
    if (!code) throw new UserError(ADD.includes(action) ? HOMES.badName : HOMES.needCode);
    return ADD.includes(action) ? add(ctx, code, name, address?.trim() ?? '') : retire(ctx, code);
  },
});
