import { z } from 'zod';
import { nameArg, phoneArg } from '../src/core/argTypes.js';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { roleIn, withRole } from '../src/domain/gridRoles.js';
import { maskPhone } from '../src/domain/phone.js';
import { bi } from '../src/i18n/text.js';
import { addDirectoryEntry, changeMemberships, memberByPhone } from '../src/store/directory.js';

export default defineCommand({
  name: 'addmember',
  zh: ['加成员'],
  params: ['name', 'phone', '...unit'],
  args: z.object({ name: nameArg, phone: phoneArg, unit: z.string().trim().max(100).optional() }),
  allow: 'leader',
  needsGrid: true,
  changesState: true,
  help: bi('网格长：把一个人加入本网格通讯录', 'Leaders: add a person to this grid\'s directory'),
  usage: bi('姓名 手机号 [单位]', 'NAME PHONE [UNIT]'),
  async run(ctx, { name, phone, unit }) {
    const grid = ctx.grid!;
    const existing = await memberByPhone(phone);
    if (existing && existing.name !== name) {
      throw new UserError(bi(`手机号 ${maskPhone(phone)} 在通讯录里是「${existing.name}」，请核对。`, `The phone ${maskPhone(phone)} belongs to "${existing.name}" in the directory; please check.`));
    }
    if (existing && roleIn(existing.memberships, grid.code)) {
      ctx.nothingChanged = true;
      return bi(`${name} 已在本网格通讯录中。`, `${name} is already in this grid's directory.`);
    }
    if (existing) await changeMemberships(existing._id, (ms) => withRole(ms, grid.code, 'member'), ctx.now);
    else await addDirectoryEntry({ name, phone, unit: unit ?? '' }, grid.code, ctx.now);
    ctx.auditDetail = `added ${name} ${maskPhone(phone)} to ${grid.code}`;
    return bi(
      `已把 ${name}（${maskPhone(phone)}）加入 ${grid.name} 通讯录。请其私聊我发送 /登记 姓名 手机号。`,
      `${name} (${maskPhone(phone)}) is now in the directory of ${grid.name}. They link their account by sending me /register NAME PHONE in a private chat.`,
    );
  },
});
