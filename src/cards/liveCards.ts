import { activityByNumber } from '../activities/lookup.js';
import type { Services } from '../core/services.js';
import type { OutboundMessage, PlatformName } from '../core/types.js';
import { bi, pick, type Lang } from '../i18n/text.js';
import { jobIdOf } from '../queue/jobIds.js';
import { ackStats } from '../reminders/bureauNotices.js';
import { activityAttendance } from '../store/attendance.js';
import { NoticeModel } from '../store/models/notice.js';
import { rosterOf } from '../store/rosters.js';
import type { SentCard } from '../store/sentCards.js';
import { liveSubject } from './liveSubject.js';


export const LIVE_CARDS_QUEUE = 'cards';
export const REFRESH_JOB = 'refreshLiveCards';

/**
 * Something a live card counts changed: its cards are refreshed at the end of the current period
 * (CARD_UPDATE_EVERY_MS). One job per subject and period (its id says which), so many answers in a
 * period make one update per card, and the update reads the counts when it runs: the latest win.
 */
export async function touchLiveCards(services: Services, subject: string): Promise<void> {
  const every = services.config.CARD_UPDATE_EVERY_MS;
  const now = Date.now();
  const slot = Math.floor(now / every) + 1;
  await services.queue(LIVE_CARDS_QUEUE).add(REFRESH_JOB, { subject, slot }, {
    jobId: jobIdOf(`live#${subject}#${slot}`),
    delay: slot * every - now,
    attempts: 3,
    backoff: { type: 'exponential', delay: 500 },
  });
}

/** "已签到 5/12 · 请假 1" or "已收到 63/80 个网格", in the bot's language. */
export async function liveLine(services: Services, subject: string, lang: Lang): Promise<string | undefined> {
  const [kind, id] = subject.split(':') as [string, string];
  if (kind === 'activity') {
    const activity = await activityByNumber(Number(id));
    if (!activity) return undefined;
    const [records, roster] = await Promise.all([activityAttendance(activity.number), rosterOf(activity.grid)]);
    const present = records.filter((r) => r.status === 'present').length;
    const leave = records.filter((r) => r.status === 'leave').length;
    return pick(bi(`已签到 ${present}/${roster.length} · 请假 ${leave}`, `Checked in ${present}/${roster.length} · on leave ${leave}`), lang);
  }
  if (kind === 'notice') {
    const notice = await NoticeModel.findOne({ code: id }).lean();
    if (!notice) return undefined;
    const { byGrid } = await ackStats(services, notice);
    const acked = [...byGrid.values()].filter((g) => g.acked > 0).length;
    return pick(bi(`已收到 ${acked}/${byGrid.size} 个网格`, `Acknowledged by ${acked}/${byGrid.size} grids`), lang);
  }
  return undefined;
}

/** The new content of a sent card: what it said, and the live line under it. */
export function cardUpdate(card: SentCard, line: string): OutboundMessage {
  return {
    platform: card.platform as PlatformName,
    chatId: card.chatId,
    userId: card.userId,
    title: card.title,
    text: `${card.text}\n${line}`,
    buttons: card.buttons,
    replyHint: { chatType: card.chatType, userId: card.userId },
    updates: card._id,
  };
}
