import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { bi } from '../src/i18n/text.js';
import { applyOnce } from '../src/problems/change.js';
import { findProblem, requireAsker } from '../src/problems/lookup.js';
import { no } from '../src/problems/texts.js';

export default defineCommand({
  name: 'resolve',
  zh: ['解决'],
  params: ['no'],
  args: z.object({ no: z.string() }),
  allow: 'registered',
  changesState: true,
  help: bi('把您提出的问题标记为已解决', 'Mark a problem you raised as resolved'),
  usage: bi('问题编号', 'NUMBER'),
  async run(ctx, args) {
    const found = await findProblem(args.no);
    requireAsker(ctx, found, bi('标记为已解决', 'resolve'), true);
    const p = await applyOnce(ctx, found, {
      check: (cur) => {
        if (cur.status === 'resolved') throw new UserError(bi(`${no(cur.number)} 已经是已解决的了。`, `${no(cur.number)} is already resolved.`));
      },
      filter: { status: { $in: ['open', 'answered'] } },
      update: { $set: { status: 'resolved' }, $unset: { escalateAt: 1 } },
      step: { kind: 'resolve', level: found.level },
    });
    ctx.auditDetail = `resolved ${no(p.number)}`;
    return bi(`${no(p.number)} 已标记为解决，谢谢反馈！`, `${no(p.number)} is marked resolved. Thank you!`);
  },
});
