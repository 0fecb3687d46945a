import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { bi, lines } from '../src/i18n/text.js';
import { homesFor } from '../src/store/statHomes.js';

export default defineCommand({
  name: 'homes',
  zh: ['统计之家'],
  params: [],
  args: z.object({}),
  allow: 'registered',
  help: bi('统计之家（活动场所）：本街道的和本网格的', "Statistics homes (activity venues): the street's and this grid's"),
  async run(ctx) {
    const homes = await homesFor(ctx.grid);
    if (!homes.length) return bi('这里还没有登记统计之家。', 'No statistics homes are registered here yet.');
    const row = (h: (typeof homes)[number]) => `${h.code} ${h.name}${h.address ? `｜${h.address}` : ''}`;
    return lines(
      bi(`统计之家（${homes.length} 处）：`, `Statistics homes (${homes.length}):`),
      ...homes.map(row),
      bi('创建活动时可用编号作地点，例如 /活动 例会 明天 14:30 ' + homes[0]!.code + ' 季度例会', `Use a code as the place of an activity, e.g. /activity meeting tomorrow 14:30 ${homes[0]!.code} quarterly meeting`),
    );
  },
});
