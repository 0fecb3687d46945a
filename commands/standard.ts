import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { bi } from '../src/i18n/text.js';
import { applyOnce } from '../src/problems/change.js';
import { findProblem } from '../src/problems/lookup.js';
import { publishStandard } from '../src/problems/standard.js';
import { no } from '../src/problems/texts.js';

const MAX_TAGS = 8;

export default defineCommand({
  name: 'standard',
  zh: ['标准答复'],
  params: ['no', '...tags'],
  args: z.object({ no: z.string(), tags: z.string().max(200).optional() }),
  allow: 'bureauAdmin',
  changesState: true,
  help: bi('把一个问题的答复设为标准答复（公开，相似问题自动推荐）', 'Make an answer a standard answer (published, suggested for similar questions)'),
  usage: bi('问题编号 [标签…]', 'NUMBER [TAG…]'),
  async run(ctx, args) {
    const found = await findProblem(args.no);
    const tags = [...new Set((args.tags ?? '').split(/[\s,，、;；]+/).map((t) => t.replace(/^#/, '').trim()).filter(Boolean))];
    if (tags.length > MAX_TAGS || tags.some((t) => t.length > 20)) {
      throw new UserError(bi(`标签最多 ${MAX_TAGS} 个，每个不超过 20 字。`, `At most ${MAX_TAGS} tags of up to 20 characters each.`));
    }
    const p = await applyOnce(ctx, found, {
      check: (cur) => {
        if (!cur.answer?.text) throw new UserError(bi(`${no(cur.number)} 还没有答复，不能设为标准答复。`, `${no(cur.number)} has no answer yet.`));
      },
      update: { $set: { standard: true } },
      step: { kind: 'standard', level: 1, text: tags.join(' ') },
    });
    await publishStandard(p, tags, ctx.member!.name);
    ctx.auditDetail = `standard answer ${no(p.number)} [${tags.join(', ')}]`;
    const tagged = tags.length ? bi(`（标签：${tags.join('、')}）`, ` (tags: ${tags.join(', ')})`) : bi('', '');
    return bi(
      `${no(p.number)} 已设为标准答复${tagged['zh-CN']}，今后相似的问题会自动推荐它。`,
      `${no(p.number)} is now a standard answer${tagged.en}; similar questions will be shown it.`,
    );
  },
});
