import { z } from 'zod';
import { adminStreets } from '../src/core/access.js';
import { gridCodeArg } from '../src/core/argTypes.js';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { roleIn, withRole, type GridRole } from '../src/domain/gridRoles.js';
import { GRID_ROLE_NAMES } from '../src/i18n/domainNames.js';
import { bi } from '../src/i18n/text.js';
import { onePerson } from '../src/core/personChoice.js';
import { appointLeader, changeMemberships, findPeople } from '../src/store/directory.js';
import { gridByCode } from '../src/store/grids.js';
import { keywordOf } from '../src/domain/keywords.js';

const ROLE_WORDS: Record<string, GridRole> = { 网格长: 'leader', 正: 'leader', leader: 'leader', 副: 'deputy', 副网格长: 'deputy', deputy: 'deputy' };

export default defineCommand({
  name: 'setleader',
  zh: ['设置网格长'],
  params: ['grid', 'person', 'role'],
  args: z.object({ grid: gridCodeArg, person: z.string().trim().min(1).max(20), role: z.string().optional() }),
  allow: 'streetAdmin',
  changesState: true,
  help: bi('街道管理员：指定本街道网格的网格长（或副网格长）', "Street admins: appoint a grid's leader (or deputy) in your street"),
  usage: bi('网格编号 姓名或手机号 [副]', 'GRIDCODE NAME_OR_PHONE [deputy]'),
  async run(ctx, args) {
    const role = args.role ? keywordOf(ROLE_WORDS, args.role) : 'leader';
    if (!role) throw new UserError(bi(`「${args.role}」应为 网格长 或 副。`, `"${args.role}" should be leader or deputy.`));
    const code = args.grid.toUpperCase();
    const grid = await gridByCode(code);
    if (!grid) throw new UserError(bi(`没有编号为 ${code} 的网格，请核对。`, `No grid has the code ${code}; please check it.`));
    if (grid.level !== 3) throw new UserError(bi('这里只设置三级网格的网格长；街道和区级网格的由区统计局维护。', 'Only level-3 grids are set here; the bureau keeps street and district grids.'));
    if (ctx.role !== 'bureauAdmin' && !(await adminStreets(ctx.member!)).includes(grid.street ?? '')) {
      throw new UserError(bi('您只能设置本街道网格的网格长。', 'You may only appoint leaders of grids in your own street.'));
    }
    const person = onePerson(await findPeople(args.person), args.person,
      bi(`通讯录里没有「${args.person}」。请先由网格长在本网格群里 /加成员。`, `No directory entry matches "${args.person}". Their leader can add them with /addmember first.`));
    const roleName = GRID_ROLE_NAMES[role];
    if (roleIn(person.memberships, code) === role) {
      return bi(`${person.name} 已经是 ${grid.name} 的${roleName['zh-CN']}。`, `${person.name} is already ${roleName.en} of ${grid.name}.`);
    }

    const wasDeputy = role === 'leader' && roleIn(person.memberships, code) === 'deputy';
    const replaced = role === 'leader' ? await appointLeader(code, person, ctx.now) : [];
    if (role === 'deputy') await changeMemberships(person._id, (ms) => withRole(ms, code, 'deputy'), ctx.now);
    ctx.auditDetail = `${code} ${role}: ${person.name}${replaced.length ? `, replacing ${replaced.map((p) => p.name).join(', ')}` : ''}`;
    const names = replaced.map((p) => p.name).join('、');
    const before = wasDeputy ? bi('（原为副网格长）', ' (formerly deputy)') : bi('', '');
    return bi(
      `已设 ${person.name} 为 ${grid.name}（${code}）的${roleName['zh-CN']}${before['zh-CN']}。${names ? `原网格长 ${names} 改为网格员。` : ''}`,
      `${person.name} is now ${roleName.en} of ${grid.name} (${code})${before.en}.${names ? ` The former leader ${names} is now a member.` : ''}`,
    );
  },
});
