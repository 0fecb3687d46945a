import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import type { Outgoing } from '../src/core/types.js';
import { levelAbove, type FlowLevel } from '../src/domain/problemFlow.js';
import { bi, pick } from '../src/i18n/text.js';
import { commandLangFor, deliver } from '../src/problems/audience.js';
import { scheduleEscalation } from '../src/problems/escalation.js';
import { noticeToHolders, questionLine } from '../src/problems/messages.js';
import { askerGrid, raiseProblem } from '../src/problems/raise.js';
import { similarStandardAnswers, suggestionsText } from '../src/problems/standard.js';
import { escalationNote, no, someLines } from '../src/problems/texts.js';

export default defineCommand({
  name: 'ask',
  zh: ['问题'],
  params: ['...text'],
  args: z.object({ text: z.string().trim().max(2000).optional() }),
  allow: 'registered',
  changesState: true,
  help: bi('提出问题：先交网格长答复，逾期未答自动转街道、区统计局', 'Raise a problem: your grid leaders answer it, or it goes up to the street and the bureau'),
  usage: bi('问题内容', 'TEXT'),
  async run(ctx, { text }) {
    if (!text) {
      throw new UserError(bi('请在 /问题 后面写上问题内容，例如：/问题 月报的截止时间是哪天？', 'Write the problem after /ask, for example: /ask When is the monthly report due?'));
    }
    const grid = await askerGrid(ctx);
    const p = await raiseProblem(ctx, grid, text);
    await scheduleEscalation(ctx.services, p);
    const level = p.level as FlowLevel;

    // Raised in the group: one message there acknowledges it and @-mentions the leaders. Raised
    // privately: the group gets the question, the asker a private acknowledgement.
    const headline = ctx.message.chatType === 'group'
      ? bi(`已收到问题 ${no(p.number)}。`, `Problem ${no(p.number)} received.`)
      : someLines(bi(`【新问题】${no(p.number)}（${p.gridName}）`, `[New problem] ${no(p.number)} (${p.gridName})`), questionLine(p));
    const { notices, names } = await noticeToHolders(p, level, headline, commandLangFor(ctx), ctx.now, ctx.message);
    const here = deliver(ctx, notices);
    const ack: Outgoing = here[0] ?? {
      text: someLines(
        bi(`已收到问题 ${no(p.number)}，已交「${p.gridName}」的${names['zh-CN'] || '负责人'}答复。`,
          `Problem ${no(p.number)} received and passed to ${names.en || 'the leaders'} of "${p.gridName}".`),
        escalationNote(p.escalateAt, levelAbove(level), ctx.now),
      ),
    };
    const matches = await similarStandardAnswers(text, p.number);
    ctx.auditDetail = `raised ${no(p.number)} in ${p.grid}${matches.length ? `; suggested ${matches.map((m) => no(m.number)).join(', ')}` : ''}`;
    const withSuggestions = matches.length
      ? { ...ack, text: `${pick(ack.text, ctx.lang)}\n\n${pick(suggestionsText(matches, p.number), ctx.lang)}` }
      : ack;
    return [withSuggestions, ...here.slice(1)];
  },
});
