import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { roleIn, withoutGrid } from '../src/domain/gridRoles.js';
import { maskPhone } from '../src/domain/phone.js';
import { bi } from '../src/i18n/text.js';
import { matching, onePerson } from '../src/core/personChoice.js';
import { changeMemberships, gridPeople } from '../src/store/directory.js';

export default defineCommand({
  name: 'removemember',
  zh: ['删成员'],
  params: ['person'],
  args: z.object({ person: z.string().trim().min(1).max(20) }),
  allow: 'leader',
  needsGrid: true,
  changesState: true,
  help: bi('网格长：把一个人移出本网格通讯录', "Leaders: remove a person from this grid's directory"),
  usage: bi('姓名或手机号', 'NAME_OR_PHONE'),
  async run(ctx, { person: typed }) {
    const grid = ctx.grid!;
    const person = onePerson(matching(await gridPeople(grid.code), typed), typed,
      bi(`本网格通讯录里没有「${typed}」。`, `Nobody in this grid's directory matches "${typed}".`));
    if (roleIn(person.memberships, grid.code) === 'leader') {
      throw new UserError(bi('不能移出网格长。更换网格长请街道管理员发送 /设置网格长。', 'The leader cannot be removed; a street admin changes leaders with /setleader.'));
    }
    await changeMemberships(person._id, (ms) => withoutGrid(ms, grid.code));
    ctx.auditDetail = `removed ${person.name} ${maskPhone(person.phone)} from ${grid.code}`;
    return bi(`已把 ${person.name}（${maskPhone(person.phone)}）移出 ${grid.name} 通讯录。`, `${person.name} (${maskPhone(person.phone)}) is no longer in the directory of ${grid.name}.`);
  },
});
