import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { atLeast } from '../src/core/roles.js';
import { maskPhone } from '../src/domain/phone.js';
import { GRID_ROLE_NAMES } from '../src/i18n/domainNames.js';
import { bi } from '../src/i18n/text.js';
import { rosterOf } from '../src/store/rosters.js';

const ROLE_ORDER: Record<string, number> = { leader: 0, deputy: 1, member: 2 };

export default defineCommand({
  name: 'members',
  zh: ['通讯录'],
  params: [],
  args: z.object({}),
  allow: 'member',
  needsGrid: true,
  help: bi('本网格通讯录', "This grid's directory"),
  async run(ctx) {
    const grid = ctx.grid!;
    // The grid's roster: one document, where the members would be a pass over all of them.
    const people = await rosterOf(grid.code);
    const fullPhones = atLeast(ctx.role, 'leader');
    const rows = people.map((p) => ({ p, role: p.role })).sort((a, b) => ROLE_ORDER[a.role]! - ROLE_ORDER[b.role]! || a.p.name.localeCompare(b.p.name, 'zh-CN'));
    const line = (lang: 'zh-CN' | 'en') =>
      rows.map(({ p, role }) => `${p.name}｜${GRID_ROLE_NAMES[role][lang]}｜${p.unit || '-'}｜${fullPhones ? p.phone : maskPhone(p.phone)}`);
    return bi(
      [`${grid.name} 通讯录（${rows.length}人）`, ...line('zh-CN')].join('\n'),
      [`${grid.name} directory (${rows.length})`, ...line('en')].join('\n'),
    );
  },
});
