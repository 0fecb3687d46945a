import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import type { ProblemStatus } from '../src/domain/problemFlow.js';
import { bi, pick } from '../src/i18n/text.js';
import { langOf, privateNotice } from '../src/problems/audience.js';
import { applyOnce } from '../src/problems/change.js';
import { handoverTarget } from '../src/problems/handover.js';
import { findProblem, requireAuthority } from '../src/problems/lookup.js';
import { questionLine } from '../src/problems/messages.js';
import { askToAnswer, no, someLines, STATUS_NAMES } from '../src/problems/texts.js';
import { memberById } from '../src/store/directory.js';

export default defineCommand({
  name: 'handover',
  zh: ['转交'],
  params: ['no', '...who'],
  args: z.object({ no: z.string().optional(), who: z.string().trim().max(60).optional() }),
  allow: 'registered',
  changesState: true,
  help: bi('把问题转交给更合适的人答复（姓名、手机号或 @）', 'Hand a problem to someone better placed to answer (name, phone or @mention)'),
  usage: bi('问题编号 姓名或手机号', 'NUMBER NAME-OR-PHONE'),
  async run(ctx, args) {
    if (!args.no || !args.who) {
      throw new UserError(bi('请写问题编号和要转交的人，例如：/转交 Q-0231 张三', 'Give the number and the person, for example: /handover Q-0231 张三'));
    }
    const found = await findProblem(args.no);
    const level = requireAuthority(ctx, found, bi('转交', 'hand on'));
    const rerun = found.events.includes(ctx.eventKey);
    if (!rerun && found.status !== 'open') {
      const status = STATUS_NAMES[found.status as ProblemStatus];
      throw new UserError(bi(`${no(found.number)} ${status['zh-CN']}，不需要转交。`, `${no(found.number)} is ${status.en}; there is nothing to hand on.`));
    }
    // A re-run after a crash finds the hand-over made: its target is the holder.
    const target = rerun ? (await memberById(found.holderId))! : await handoverTarget(ctx, found, args.who);
    const p = await applyOnce(ctx, found, {
      filter: { status: 'open' },
      update: { $set: { holderId: target._id.toString(), holderName: target.name, holderLevel: found.level } },
      step: { kind: 'handover', level, text: target.name },
    });
    const caller = ctx.member!.name;
    const message = someLines(
      bi(`${caller} 把问题 ${no(p.number)}（${p.gridName}）转交给您：`, `${caller} handed you problem ${no(p.number)} (${p.gridName}):`),
      questionLine(p),
      askToAnswer(p.number, bi('您', 'You')),
    );
    const notice = privateNotice(target, ctx.message.platform, pick(message, langOf(target, ctx.services.config.DEFAULT_LANG)));
    if (notice) ctx.send(notice);
    ctx.auditDetail = `handed ${no(p.number)} to ${target.name} (${target._id})`;
    return bi(`${no(p.number)} 已转交给 ${target.name}，已私信通知。`, `${no(p.number)} is handed to ${target.name}, who has been told privately.`);
  },
});
