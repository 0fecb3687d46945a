import { z } from 'zod';
import { touchLiveCards } from '../src/cards/liveCards.js';
import { liveSubject } from '../src/cards/liveSubject.js';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { bi } from '../src/i18n/text.js';
import { parseNoticeCode } from '../src/reminders/bureauNotices.js';
import { latestNoticeTo, noticeByCode, noticeReaches, recordAck } from '../src/store/notices.js';

const RECENT = 20;

/** The notice named, or the latest one that went to this group's grid. */
async function whichNotice(code: string | undefined, grid: string | undefined) {
  if (code) return noticeByCode(code);
  return grid ? latestNoticeTo(grid, RECENT) : undefined;
}

export default defineCommand({
  name: 'ack',
  zh: ['收到'],
  params: ['code'],
  args: z.object({ code: z.string().max(12).optional() }),
  allow: 'registered',
  changesState: true,
  help: bi('确认收到区统计局的通知（也可点通知下的“收到”按钮）', 'Acknowledge a bureau notice (or press its "Got it" button)'),
  usage: bi('[通知编号]', '[NOTICE]'),
  async run(ctx, { code }) {
    const wanted = code === undefined ? undefined : parseNoticeCode(code);
    if (code !== undefined && !wanted) throw new UserError(bi(`「${code}」不是通知编号，编号形如 N-0007。`, `"${code}" is not a notice number; they look like N-0007.`));
    const notice = await whichNotice(wanted, ctx.grid?.code);
    if (!notice) throw new UserError(wanted ? bi(`没有通知 ${wanted}。`, `There is no notice ${wanted}.`) : bi('本群没有需要确认的通知。', 'No notice to acknowledge in this group.'));
    // Only those it went to acknowledge it: another street's notice is not theirs to answer.
    const mine = ctx.member!.memberships.map((m) => m.grid);
    if (!(await noticeReaches(notice, mine))) {
      throw new UserError(bi(`通知 ${notice.code} 不是发给您所在网格的，无需确认。`, `Notice ${notice.code} was not sent to your grids; there is nothing to acknowledge.`));
    }
    const member = ctx.member!._id.toString();
    const fresh = await recordAck(notice, { member, grid: ctx.grid?.code, at: ctx.now }, { eventKey: ctx.eventKey, grids: mine });
    await touchLiveCards(ctx.services, liveSubject.notice(notice.code));
    if (!fresh) return bi(`您已确认过通知 ${notice.code}。`, `You have already acknowledged ${notice.code}.`);
    ctx.auditDetail = `acknowledged ${notice.code}`;
    return bi(`${ctx.member!.name}，已确认收到通知 ${notice.code}。`, `${ctx.member!.name}, ${notice.code} acknowledged.`);
  },
});
