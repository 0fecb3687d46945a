import { z } from 'zod';
import { cachedGrids } from '../src/core/access.js';
import { defineCommand } from '../src/core/command.js';
import { ROLE_NAMES } from '../src/core/roles.js';
import { GRID_ROLE_NAMES } from '../src/i18n/domainNames.js';
import { bi } from '../src/i18n/text.js';
import type { GridRole } from '../src/domain/gridRoles.js';

export default defineCommand({
  name: 'whoami',
  zh: ['我的'],
  params: [],
  args: z.object({}),
  allow: 'registered',
  help: bi('查看我的登记信息和角色', 'Show your registration and roles'),
  async run(ctx) {
    const member = ctx.member!;
    const names = new Map((await cachedGrids(member.memberships.map((m) => m.grid))).map((g) => [g.code, g.name]));
    const roles = member.memberships.map((m) => {
      const role = GRID_ROLE_NAMES[m.role as GridRole];
      const grid = names.get(m.grid) ?? m.grid;
      return bi(`${grid}（${m.grid}）：${role['zh-CN']}`, `${grid} (${m.grid}): ${role.en}`);
    });
    const here = ctx.grid
      ? bi(`本群：${ctx.grid.name}，您在此是${ROLE_NAMES[ctx.role]['zh-CN']}`, `This group: ${ctx.grid.name}; you are ${ROLE_NAMES[ctx.role].en} here`)
      : bi('本群未绑定网格', 'This chat is not bound to a grid');
    return bi(
      [`${member.name}，${member.unit || '未填单位'}`, ...roles.map((r) => r['zh-CN']), here['zh-CN']].join('\n'),
      [`${member.name}, ${member.unit || 'no unit'}`, ...roles.map((r) => r.en), here.en].join('\n'),
    );
  },
});
