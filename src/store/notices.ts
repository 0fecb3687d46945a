import type { NoticeTarget } from '../domain/noticeTarget.js';
import { isDuplicateKey } from './connect.js';
import { GridModel } from './models/grid.js';
import { NoticeModel, type Notice } from './models/notice.js';
import { ackKey, NoticeAckModel } from './models/noticeAck.js';

export type NoticeDraft = Omit<Notice, 'code' | 'eventKey' | 'groups' | 'sentAt'>;

/** The grid filter of a notice's target (empty lists mean "all"). */
function gridFilter(target: NoticeTarget): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (target.streets.length) filter.street = { $in: target.streets };
  if (target.levels.length) filter.level = { $in: target.levels };
  if (target.industries.length) filter.industry = { $in: target.industries };
  return filter;
}

export async function noticeByCode(code: string): Promise<Notice | undefined> {
  return (await NoticeModel.findOne({ code }).lean<Notice>()) ?? undefined;
}

/** The latest notices, newest first. */
export async function latestNotices(limit: number): Promise<Notice[]> {
  return NoticeModel.find().sort({ createdAt: -1 }).limit(limit).lean<Notice[]>();
}

/** Whether a notice went to any of these grids. */
export async function noticeReaches(target: NoticeTarget, grids: string[]): Promise<boolean> {
  return Boolean(await GridModel.exists({ ...gridFilter(target), code: { $in: grids } }));
}

/** Of the latest `recent` notices, the newest that went to a grid. */
export async function latestNoticeTo(grid: string, recent: number): Promise<Notice | undefined> {
  for (const n of await latestNotices(recent)) if (await noticeReaches(n, [grid])) return n;
  return undefined;
}

/**
 * The notice an event created, created (with the code `nextCode` gives) the first time: a re-run
 * finds it. Created, not upserted: an upsert's `$setOnInsert` drops the empty target lists.
 */
export async function noticeOfEvent(eventKey: string, draft: NoticeDraft, nextCode: () => Promise<string>): Promise<Notice> {
  if (!(await NoticeModel.exists({ eventKey }))) {
    await NoticeModel.create({ ...draft, code: await nextCode(), eventKey }).catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
    });
  }
  return (await NoticeModel.findOne({ eventKey }).lean<Notice>())!;
}

/**
 * Records a member's acknowledgement; false if it was there already. Two at once (a double tap)
 * race to insert: the loser's duplicate-key error means "already acknowledged".
 */
export async function recordAck(ack: { notice: string; member: string; grid?: string; at: Date }): Promise<boolean> {
  const res = await NoticeAckModel.updateOne({ _id: ackKey(ack.notice, ack.member) }, { $setOnInsert: ack }, { upsert: true }).catch(
    (err: unknown) => {
      if (isDuplicateKey(err)) return { upsertedCount: 0 };
      throw err;
    },
  );
  return res.upsertedCount > 0;
}
