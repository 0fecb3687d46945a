import { liveSubject } from '../cards/liveSubject.js';
import type { Runtime } from '../core/runtime.js';
import { gridCensus } from '../core/access.js';
import type { Services } from '../core/services.js';
import type { PlatformName } from '../core/types.js';
import { targetsGrid, type NoticeTarget } from '../domain/noticeTarget.js';
import { noticeFollowUpMoment } from '../domain/reminderSchedule.js';
import { bi, pick } from '../i18n/text.js';
import type { KeyedMessage } from '../outbound/outbox.js';
import { userIdOn } from '../problems/audience.js';
import { ChatBindingModel } from '../store/models/chatBinding.js';
import { MemberModel } from '../store/models/member.js';
import { NoticeModel, type Notice } from '../store/models/notice.js';
import { NoticeAckModel } from '../store/models/noticeAck.js';
import type { ReminderKind } from './occurrence.js';
import { peopleOfGrids } from './people.js';
import { groupsOf } from './reach.js';

/** "N-0007"; people may type "7", "n7" or "N-7". */
export const noticeCode = (n: number) => `N-${String(n).padStart(4, '0')}`;

export function parseNoticeCode(text: string): string | undefined {
  const m = /^(?:n-?)?(\d{1,6})$/i.exec(text.trim());
  return m ? noticeCode(Number(m[1])) : undefined;
}

export interface TargetGrid {
  code: string;
  name: string;
  street?: string | null;
}

/** The grids a notice targets (of one street, if named), by code, from the grid census. */
export async function targetGrids(services: Services, target: NoticeTarget, street?: string): Promise<Map<string, TargetGrid>> {
  const { grids } = await gridCensus(services);
  return new Map(grids.filter((g) => targetsGrid(target, g) && (!street || g.street === street)).map((g) => [g.code, g]));
}

const FANOUT_BATCH = 1000;

export const ackButton = (runtime: Runtime, code: string) =>
  ({ label: pick(bi('收到', 'Got it'), runtime.services.config.DEFAULT_LANG), command: `/收到 ${code}` });

/**
 * Sends a notice to every bound group of its grids: the bindings are read in one pass and the
 * messages queued a thousand at a time, keyed by group, so a re-run queues nothing twice.
 * Returns how many groups it went to.
 */
export async function fanOutNotice(runtime: Runtime, code: string): Promise<number> {
  const notice = await NoticeModel.findOne({ code }).lean();
  if (!notice) return 0;
  const grids = await targetGrids(runtime.services, notice);
  const lang = runtime.services.config.DEFAULT_LANG;
  const title = pick(bi(`区统计局通知 ${code}`, `Bureau notice ${code}`), lang);
  const buttons = [ackButton(runtime, code)];
  let batch: KeyedMessage[] = [];
  let groups = 0;
  const flush = async () => {
    await runtime.outbox.enqueueKeyed(batch, `notice:${code}`, { bulk: true });
    groups += batch.length;
    batch = [];
  };
  const bindings = ChatBindingModel.find({}, { platform: 1, chatId: 1, grid: 1 }).sort({ _id: 1 }).lean().cursor({ batchSize: FANOUT_BATCH });
  for await (const b of bindings) {
    if (!grids.has(b.grid)) continue;
    batch.push({ key: `${b.platform}:${b.chatId}`, message: { platform: b.platform as PlatformName, chatId: b.chatId, title, text: notice.text, buttons, live: liveSubject.notice(code) } });
    if (batch.length >= FANOUT_BATCH) await flush();
  }
  await flush();
  await NoticeModel.updateOne({ code }, { $set: { groups, sentAt: runtime.services.clock.now() } });
  return groups;
}

/** Notices whose follow-up may still be due (their delay is at most a week, plus days off). */
const FOLLOW_UP_WINDOW_MS = 10 * 24 * 3600_000;

/** Once, a set time after a notice: in each group of a street, the members who have not acknowledged it, @-mentioned. */
export const noticeFollowUp: ReminderKind<{ street: string; notice: string }> = {
  name: 'notice-followup',
  zh: '通知未确认',
  job: 'noticeFollowUp',
  tick: '5 * * * *',
  summary: 'bureau notice: remind those who have not acknowledged it (once, after the street\'s delay)',
  async plan(streets, now) {
    const notices = await NoticeModel.find({ createdAt: { $gte: new Date(now.getTime() - FOLLOW_UP_WINDOW_MS) } }, { code: 1, createdAt: 1, streets: 1 }).lean();
    return notices.flatMap((n) =>
      streets
        .filter((s) => !n.streets.length || n.streets.includes(s.code))
        .map((s) => ({ id: `notice-followup:${s.code}:${n.code}`, at: noticeFollowUpMoment(n.createdAt, s.settings), data: { street: s.code, notice: n.code } })),
    );
  },
  async compose(runtime, { street, notice: code }) {
    const notice = await NoticeModel.findOne({ code }).lean();
    if (!notice) return [];
    const grids = [...(await targetGrids(runtime.services, notice, street)).keys()];
    const [groups, people, acks] = await Promise.all([
      groupsOf(grids),
      peopleOfGrids(grids),
      NoticeAckModel.find({ notice: code }, { member: 1 }).lean(),
    ]);
    const acked = new Set(acks.map((a) => a.member));
    const lang = runtime.services.config.DEFAULT_LANG;
    const excerpt = notice.text.length > 30 ? `${notice.text.slice(0, 30)}…` : notice.text;
    const out: KeyedMessage[] = [];
    for (const grid of grids) {
      const missing = people.get(grid)!.filter((p) => !acked.has(p._id.toString()));
      if (!missing.length) continue;
      const names = missing.map((p) => p.name).join('、');
      const text = pick(
        bi(`【通知提醒】${code}「${excerpt}」还有 ${missing.length} 人未确认收到：${names}。请点「收到」或发送 /收到 ${code}。`,
          `Reminder: ${missing.length} member(s) have not acknowledged ${code} "${excerpt}": ${names}. Press "Got it" or send /ack ${code}.`),
        lang,
      );
      for (const g of groups.get(grid) ?? []) {
        const mentions = missing.map((p) => userIdOn(p, g.platform)).filter((id): id is string => Boolean(id));
        out.push({ key: `${g.platform}:${g.chatId}`, message: { ...g, text, mentions, buttons: [ackButton(runtime, code)] } });
      }
    }
    return out;
  },
};

export interface AckCount {
  members: number;
  acked: number;
}

export interface AckStats {
  total: AckCount;
  byStreet: Map<string, AckCount>;
  byGrid: Map<string, AckCount & { name: string; street: string }>;
}

const DISTRICT = '-';

/**
 * Acknowledgement counts of a notice over the bound groups of its grids (optionally one street's):
 * per grid its directory members, per street and overall each person once.
 */
export async function ackStats(services: Services, notice: Pick<Notice, 'code'> & NoticeTarget, street?: string): Promise<AckStats> {
  const [grids, census, acks] = await Promise.all([
    targetGrids(services, notice, street),
    gridCensus(services),
    NoticeAckModel.find({ notice: notice.code }, { member: 1 }).lean(),
  ]);
  const bound = new Set(census.bound);
  const codes = [...grids.keys()].filter((c) => bound.has(c));
  const boundSet = new Set(codes);
  const acked = new Set(acks.map((a) => a.member));
  const byGrid = new Map(codes.map((c) => [c, { members: 0, acked: 0, name: grids.get(c)!.name, street: grids.get(c)!.street ?? DISTRICT }]));
  const streetPeople = new Map<string, Map<string, boolean>>();
  const everyone = new Map<string, boolean>();
  const people = MemberModel.find({ 'memberships.grid': { $in: codes } }, { memberships: 1 }).lean().cursor({ batchSize: 1000 });
  for await (const p of people) {
    const id = p._id.toString();
    const yes = acked.has(id);
    for (const m of p.memberships) {
      if (!boundSet.has(m.grid)) continue;
      const g = byGrid.get(m.grid)!;
      g.members++;
      if (yes) g.acked++;
      streetPeople.set(g.street, (streetPeople.get(g.street) ?? new Map()).set(id, yes));
      everyone.set(id, yes);
    }
  }
  const count = (m: Map<string, boolean>): AckCount => ({ members: m.size, acked: [...m.values()].filter(Boolean).length });
  return { total: count(everyone), byGrid, byStreet: new Map([...streetPeople].map(([s, m]) => [s, count(m)])) };
}

/** "12/20 (60%)". */
export const rate = (c: AckCount) => `${c.acked}/${c.members} (${c.members ? Math.round((c.acked / c.members) * 100) : 0}%)`;
