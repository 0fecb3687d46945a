import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { isDuplicateKey } from '../src/store/connect.js';
import { bi } from '../src/i18n/text.js';
import { addToTally, yearOf } from '../src/store/gridTallies.js';
import { gridFilter, parseNoticeCode } from '../src/reminders/notices.js';
import { GridModel } from '../src/store/models/grid.js';
import { NoticeModel } from '../src/store/models/notice.js';
import { ackKey, NoticeAckModel } from '../src/store/models/noticeAck.js';

const RECENT = 20;

/** The notice named, or the latest one that went to this group's grid. */
async function whichNotice(code: string | undefined, grid: string | undefined) {
  if (code) return NoticeModel.findOne({ code }).lean();
  if (!grid) return null;
  for (const n of await NoticeModel.find().sort({ createdAt: -1 }).limit(RECENT).lean()) {
    if (await GridModel.exists({ ...gridFilter(n), code: grid })) return n;
  }
  return null;
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
    if (!(await GridModel.exists({ ...gridFilter(notice), code: { $in: mine } }))) {
      throw new UserError(bi(`通知 ${notice.code} 不是发给您所在网格的，无需确认。`, `Notice ${notice.code} was not sent to your grids; there is nothing to acknowledge.`));
    }
    const member = ctx.member!._id.toString();
    // Two at once (a double tap) race to insert: the loser's duplicate-key error means "already acknowledged".
    const res = await NoticeAckModel.updateOne(
      { _id: ackKey(notice.code, member) },
      { $setOnInsert: { notice: notice.code, member, grid: ctx.grid?.code, at: ctx.now } },
      { upsert: true },
    ).catch((err: unknown) => {
      if (isDuplicateKey(err)) return { upsertedCount: 0 };
      throw err;
    });
    // Kept in the tally of each grid they belong to, as the assessment expects a notice of a member's grids;
    // also when acknowledged already: a job retried after a crash between the two writes completes the tally.
    const fact = { kind: 'ack', notice: notice.code, member } as const;
    await Promise.all(mine.map((grid) => addToTally({ year: yearOf(notice.createdAt), grid }, [fact])));
    if (res.upsertedCount === 0) return bi(`您已确认过通知 ${notice.code}。`, `You have already acknowledged ${notice.code}.`);
    ctx.auditDetail = `acknowledged ${notice.code}`;
    return bi(`${ctx.member!.name}，已确认收到通知 ${notice.code}。`, `${ctx.member!.name}, ${notice.code} acknowledged.`);
  },
});
