import { ackGrids, type NoticeTarget } from '../domain/noticeTarget.js';
import { isDuplicateKey, loadRecords } from './connect.js';
import { advanceSequence } from './counters.js';
import { countOnce, yearOf } from './gridTallies.js';
import { ChatBindingModel } from './models/chatBinding.js';
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
 * race to insert: the loser's duplicate-key error means "already acknowledged". It counts in the
 * tallies of the member's grids (`grids`) that `ackGrids` names, from the event that made it: a
 * re-run of that event completes a count a crash cut short (`countOnce`).
 */
export async function recordAck(
  notice: Pick<Notice, 'code' | 'createdAt'> & NoticeTarget,
  ack: { member: string; grid?: string; at: Date },
  by: { eventKey: string; grids: string[] },
): Promise<boolean> {
  const _id = ackKey(notice.code, ack.member);
  const res = await NoticeAckModel.updateOne({ _id }, { $setOnInsert: { notice: notice.code, ...ack, tallyBy: by.eventKey } }, { upsert: true }).catch(
    (err: unknown) => {
      if (isDuplicateKey(err)) return { upsertedCount: 0 };
      throw err;
    },
  );
  const first = res.upsertedCount > 0;
  const stored = first ? { tallyBy: by.eventKey, tallied: false } : await NoticeAckModel.findById(_id, { tallyBy: 1, tallied: 1 }).lean();
  if (stored?.tallyBy === by.eventKey) {
    const grids = await GridModel.find({ code: { $in: by.grids } }, { _id: 0, code: 1, street: 1, level: 1, industry: 1 }).lean();
    const bound = new Set(await ChatBindingModel.distinct('grid', { grid: { $in: grids.map((g) => g.code) } }));
    await countOnce({
      key: `ack:${_id}`,
      tallies: ackGrids(notice, grids, bound).map((g) => ({ tally: { year: yearOf(notice.createdAt), grid: g.code, street: g.street }, facts: [{ kind: 'ack', member: ack.member }] })),
      counted: !!stored.tallied,
      mark: () => NoticeAckModel.updateOne({ _id }, { $set: { tallied: true } }),
    });
  }
  return first;
}

/** Notices of the past and their acknowledgements, loaded around the bot (the demo's year); the caller rebuilds the tallies. */
export async function loadNotices(notices: Notice[], acks: Array<{ notice: string; member: string; grid?: string; at: Date }>) {
  await loadRecords(NoticeModel, notices);
  // Codes are "N-0001": their numbers are taken from the sequence `/通知` draws from.
  await advanceSequence('notice', Math.max(0, ...notices.map((n) => Number(n.code.replace(/\D/g, '')) || 0)));
  await loadRecords(NoticeAckModel, acks.map((a) => ({ _id: ackKey(a.notice, a.member), ...a })));
}
