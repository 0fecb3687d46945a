import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { escalationMoment, type FlowLevel } from '../src/domain/problemFlow.js';
import { bi } from '../src/i18n/text.js';
import { commandLangFor, deliver } from '../src/problems/audience.js';
import { applyOnce } from '../src/problems/change.js';
import { escalationPolicy, scheduleEscalation } from '../src/problems/escalation.js';
import { findProblem, requireAsker } from '../src/problems/lookup.js';
import { noticeToHolders, questionLine } from '../src/problems/messages.js';
import { clip, LEVEL_NAMES, no, someLines } from '../src/problems/texts.js';

export default defineCommand({
  name: 'followup',
  zh: ['追问'],
  params: ['no', '...text'],
  args: z.object({ no: z.string().optional(), text: z.string().trim().max(2000).optional() }),
  allow: 'registered',
  changesState: true,
  help: bi('对答复追问（问题重新打开），或补充未答复的问题', 'Follow up an answer (reopens the problem), or add to an unanswered one'),
  usage: bi('问题编号 内容', 'NUMBER TEXT'),
  async run(ctx, args) {
    if (!args.no || !args.text) {
      throw new UserError(bi('请写问题编号和追问内容，例如：/追问 Q-0231 季报也是这个时间吗？', 'Give the number and your follow-up, for example: /followup Q-0231 Is it the same for the quarterly report?'));
    }
    const text = args.text;
    const found = await findProblem(args.no);
    requireAsker(ctx, found, bi('追问', 'follow up'));
    // An answered (or resolved) problem reopens at the level that answered, with its timer restarted;
    // an unanswered one just gains the detail and keeps its timer.
    const reopen = found.status !== 'open';
    const level = (reopen ? (found.answer?.level ?? found.level) : found.level) as FlowLevel;
    const escalateAt = escalationMoment(level, ctx.now, await escalationPolicy(ctx.services.config, found.street));
    const p = await applyOnce(ctx, found, {
      filter: { status: found.status, round: found.round },
      update: reopen
        ? { $set: { status: 'open', level, round: found.round + 1, ...(escalateAt ? { escalateAt } : {}) }, ...(escalateAt ? {} : { $unset: { escalateAt: 1 } }) }
        : {},
      step: { kind: 'followup', level, text },
    });
    await scheduleEscalation(ctx.services, p);

    const tag = reopen ? bi('追问', 'Follow-up') : bi('补充', 'More detail');
    const previous = p.answer?.text && reopen
      ? bi(`上次答复（${p.answer.byName}）：${clip(p.answer.text, 60)}`, `Last answer (${p.answer.byName}): ${clip(p.answer.text, 60)}`)
      : bi('', '');
    const headline = someLines(
      bi(`【${tag['zh-CN']}】${no(p.number)}（${p.gridName}）`, `[${tag.en}] ${no(p.number)} (${p.gridName})`),
      questionLine(p),
      bi(`${p.askerName}${tag['zh-CN']}：${text}`, `${tag.en} from ${p.askerName}: ${text}`),
      previous,
    );
    const { notices, names } = await noticeToHolders(p, level, headline, commandLangFor(ctx), ctx.now, ctx.message);
    ctx.auditDetail = `${reopen ? 'reopened' : 'added to'} ${no(p.number)} at level ${level}`;
    // Sent in the group that holds it, the notice itself is the reply.
    const here = deliver(ctx, notices);
    if (here.length) return here;
    const who = names['zh-CN'] ? names : bi(LEVEL_NAMES[level]['zh-CN'], `the ${LEVEL_NAMES[level].en}`);
    return reopen
      ? bi(`已追问，${no(p.number)} 重新打开，已交${who['zh-CN']}答复。`, `${no(p.number)} is reopened and passed to ${who.en}.`)
      : bi(`已补充到 ${no(p.number)}，已通知${who['zh-CN']}。`, `Added to ${no(p.number)}; ${who.en} told.`);
  },
});
