import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import type { FlowLevel, ProblemStatus } from '../src/domain/problemFlow.js';
import { bi, lines } from '../src/i18n/text.js';
import { listScope, openProblems } from '../src/problems/list.js';
import { ageText, clip, LEVEL_NAMES, no, STATUS_NAMES } from '../src/problems/texts.js';

export default defineCommand({
  name: 'questions',
  zh: ['问题列表'],
  params: ['page'],
  args: z.object({ page: z.string().regex(/^\d{1,6}$/).transform(Number).optional() }),
  allow: 'registered',
  help: bi('未解决的问题（网格长看本网格，街道看本街道，区统计局看全部，成员看自己的）',
    'Unresolved problems (leaders: their grid; street admins: their street; the bureau: all; members: their own)'),
  usage: bi('[页码]', '[PAGE]'),
  async run(ctx, { page }) {
    const { filter, ownOnly } = listScope(ctx);
    const list = await openProblems(filter, page ?? 1);
    const title = ownOnly ? bi('您提出的未解决问题', 'Your unresolved problems') : bi('未解决的问题', 'Unresolved problems');
    if (list.total === 0) return bi(`没有${title['zh-CN']}。`, `No ${title.en.toLowerCase()}.`);
    const now = ctx.now.getTime();
    const rows = list.items.map((p) =>
      bi(
        `${no(p.number)}｜${STATUS_NAMES[p.status as ProblemStatus]['zh-CN']}｜${LEVEL_NAMES[p.level as FlowLevel]['zh-CN']}｜${ageText(now - p.raisedAt.getTime())['zh-CN']}\n  ${p.gridName}·${p.askerName}：${clip(p.text, 24)}`,
        `${no(p.number)} | ${STATUS_NAMES[p.status as ProblemStatus].en} | ${LEVEL_NAMES[p.level as FlowLevel].en} | ${ageText(now - p.raisedAt.getTime()).en}\n  ${p.gridName} · ${p.askerName}: ${clip(p.text, 24)}`,
      ),
    );
    const more = list.page < list.pages ? bi(`下一页：/问题列表 ${list.page + 1}`, `Next page: /questions ${list.page + 1}`) : bi('', '');
    return lines(
      bi(`${title['zh-CN']} ${list.total} 个（第 ${list.page}/${list.pages} 页，最早的在前）`,
        `${title.en}: ${list.total} (page ${list.page}/${list.pages}, oldest first)`),
      ...rows,
      ...(more['zh-CN'] ? [more] : []),
    );
  },
});
