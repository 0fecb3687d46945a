import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { bi } from '../src/i18n/text.js';
import { deliver, noticeLang } from '../src/problems/audience.js';
import { applyOnce } from '../src/problems/change.js';
import { findProblem, requireAuthority } from '../src/problems/lookup.js';
import { answerNotice } from '../src/problems/messages.js';
import { no } from '../src/problems/texts.js';
import { memberById } from '../src/store/directory.js';

export default defineCommand({
  name: 'answer',
  zh: ['答复'],
  params: ['no', '...text'],
  args: z.object({ no: z.string().optional(), text: z.string().trim().max(2000).optional() }),
  allow: 'registered',
  changesState: true,
  help: bi('答复一个问题（网格长、副网格长、转交人或上级管理员）', 'Answer a problem (its leaders, the person it was handed to, or admins above)'),
  usage: bi('问题编号 答复内容', 'NUMBER TEXT'),
  async run(ctx, args) {
    if (!args.no || !args.text) {
      throw new UserError(bi('请写问题编号和答复内容，例如：/答复 Q-0231 每月5日前报送。', 'Give the number and the answer, for example: /answer Q-0231 By the 5th of each month.'));
    }
    const text = args.text;
    const found = await findProblem(args.no);
    const level = requireAuthority(ctx, found, bi('答复', 'answer'));
    const member = ctx.member!;
    const p = await applyOnce(ctx, found, {
      check: (cur) => {
        if (cur.status === 'resolved') {
          throw new UserError(bi(`${no(cur.number)} 已解决，不能再答复。有新问题请发 /问题。`, `${no(cur.number)} is resolved; raise a new problem with /ask.`));
        }
      },
      filter: { status: { $in: ['open', 'answered'] } },
      update: {
        $set: { status: 'answered', answer: { text, byId: member._id.toString(), byName: member.name, at: ctx.now, level } },
        $unset: { escalateAt: 1 },
      },
      step: { kind: 'answer', level, text },
    });
    const asker = await memberById(p.askerId);
    const notice = answerNotice(p, { text, byName: member.name, level }, noticeLang(ctx, asker, p.origin));
    ctx.auditDetail = `answered ${no(p.number)} at level ${level}`;
    const here = deliver(ctx, [notice]);
    return here.length ? here : bi(`已答复 ${no(p.number)}，已通知提问人${p.askerName}。`, `Answered ${no(p.number)}; ${p.askerName} has been told.`);
  },
});
