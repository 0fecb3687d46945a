import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate, localTime } from '../../src/domain/chinaTime.js';
import { AttendanceModel } from '../../src/store/models/attendance.js';
import { AuditLogModel } from '../../src/store/models/auditLog.js';
import type { DingTalkChat, DingTalkFake, DingTalkUser } from '../fakes/dingtalkFake.js';
import type { LarkChat, LarkFake, LarkUser } from '../fakes/larkFake.js';
import { PEOPLE, seedSmallDistrict, type Handle } from '../support/fixtures.js';
import { bindChat, linkPlatformAccounts, platformIdOf, startPlatformTest, type PlatformTest } from '../support/platforms.js';
import { waitFor } from '../support/testApp.js';

/** A card is updated at most once in this long (CARD_UPDATE_EVERY_MS). */
const PERIOD_MS = 2000;
/** JS-01's directory: the leader, the deputy, three members and one more; five check in, one is on leave. */
const PRESENT: Handle[] = ['leader1', 'deputy1', 'member1', 'member1b', 'member1c'];
const ON_LEAVE: Handle = 'unlinked';

let p: PlatformTest;
let dt: DingTalkFake;
let lark: LarkFake;
const dtGroup: DingTalkChat = { id: 'cidJS01cards', type: 'group', title: '景山工业网格1群' };
const larkGroup: LarkChat = { id: 'oc_js01cards', type: 'group', name: '景山工业网格1群' };
const dtUser = (h: Handle): DingTalkUser => ({ staffId: platformIdOf('dingtalk', h), nick: PEOPLE[h].name });
const larkUser = (h: Handle): LarkUser => ({ openId: platformIdOf('lark', h), name: PEOPLE[h].name });

/** "/活动 例会 <date> <time> …" starting in a quarter of an hour, so check-in is open now. */
function activityLine(title: string): string {
  const startsAt = new Date(Date.now() + 15 * 60_000);
  // A bare 1:00–6:59 reads as the afternoon's (an appointment's likelier hour): after midnight, say so.
  const time = localTime(startsAt);
  const smallHours = time >= '01:00' && time < '07:00' ? '凌晨' : '';
  return `/活动 例会 ${localDate(startsAt)} ${smallHours}${time} 三楼会议室 ${title}`;
}

/**
 * A group's replies without the organizer's warnings (a start in quiet hours or on a day off: the
 * tests use the real clock, so whether they come depends on when the tests run).
 */
const withoutWarnings = <R extends { kind: string; text: string }>(replies: R[]) => replies.filter((r) => !(r.kind === 'text' && r.text.startsWith('⚠')));

/** The first card sent to a chat, once it has arrived. */
const firstCard = <R extends { kind: string; text: string }>(fake: { replies: { in(chat: string): R[] } }, chat: string) =>
  waitFor(() => fake.replies.in(chat).find((r) => r.kind !== 'text'), 10_000, 'the activity card');

/** Update times never closer than the period (a little slack for the platforms' clock reading). */
function expectThrottled(updates: number[]): void {
  for (let i = 1; i < updates.length; i++) expect(updates[i]! - updates[i - 1]!).toBeGreaterThanOrEqual(PERIOD_MS - 50);
}

beforeAll(async () => {
  p = await startPlatformTest({ lark: {}, dingtalk: {}, env: { CARD_UPDATE_EVERY_MS: String(PERIOD_MS), DINGTALK_CHAT_SENDS_PER_MINUTE: '1000' } });
  dt = p.dingtalk!;
  lark = p.lark!;
  await seedSmallDistrict();
  await linkPlatformAccounts('dingtalk', [...PRESENT, ON_LEAVE]);
  await linkPlatformAccounts('lark', [...PRESENT, ON_LEAVE]);
  await bindChat('dingtalk', dtGroup.id, 'JS-01');
  await bindChat('lark', larkGroup.id, 'JS-01');
});
afterAll(() => p.close());

describe('DingTalk interactive cards', () => {
  it('checks a member in exactly once from a card press, a redelivered callback included, and answers privately', async () => {
    dt.pushText({ from: dtUser('leader1'), chat: dtGroup, text: activityLine('一季度例会') });
    const announced = await firstCard(dt, dtGroup.id);
    expect(announced).toMatchObject({ kind: 'interactiveCard', via: 'cardSend', buttons: ['签到'] });
    const card = dt.lastCardIn(dtGroup.id)!;

    const press = dt.pressCard({ from: dtUser('member1'), cardBizId: card.cardBizId, label: '签到' });
    expect(await dt.acked(press.eventId)).toMatchObject({ code: 200 });
    dt.redeliver(press.eventId);
    expect(await dt.acked(press.eventId)).toMatchObject({ code: 200 });
    const privately = `user:${platformIdOf('dingtalk', 'member1')}`;
    const [answer] = await dt.replies.waitFor(privately, 1);
    expect(answer!.text).toContain('签到成功：一组员');
    await waitFor(() => p.t.app.events.isDone(`dingtalk:card:${press.eventId}`), 5000, 'press handled');

    expect(dt.pushesOf(press.eventId)).toBe(2);
    expect(dt.replies.in(privately)).toHaveLength(1);
    expect(withoutWarnings(dt.replies.in(dtGroup.id))).toHaveLength(1); // the card only: no group message per press
    // The organizer is present by creating it; the press added one.
    expect(await AttendanceModel.countDocuments({ status: 'present' })).toBe(2);
    expect(await AuditLogModel.countDocuments({ command: 'checkin' })).toBe(1);
  });

  it('shows 已签到 5/6 · 请假 1 on the card after five check-ins and a leave, within the throttle', async () => {
    const card = dt.lastCardIn(dtGroup.id)!;
    const first = Date.now();
    for (const h of PRESENT.filter((x) => x !== 'member1')) dt.pressCard({ from: dtUser(h), cardBizId: card.cardBizId, label: '签到' });
    const no = /A-\d{4}/.exec((await firstCard(dt, dtGroup.id)).text)![0];
    dt.pushText({ from: dtUser(ON_LEAVE), chat: dtGroup, text: `/请假 ${no} 家里有事` });
    const shown = await waitFor(() => {
      const now = dt.cards.get(card.cardBizId)!;
      return JSON.stringify(now.data).includes('已签到 5/6 · 请假 1') ? now : undefined;
    }, 20_000, 'the card showing the final counts');
    const elapsed = shown.updates.at(-1)! - first;
    expect(shown.updates.length).toBeLessThanOrEqual(Math.ceil(elapsed / PERIOD_MS) + 1);
    expectThrottled(shown.updates);
    expect(dt.replies.in(dtGroup.id).filter((r) => r.kind !== 'text')).toHaveLength(1);
  });
});

describe('Lark cards', () => {
  it('shows 已签到 5/6 · 请假 1 on the activity card, updated in place within the throttle', async () => {
    lark.pushText({ from: larkUser('leader1'), chat: larkGroup, text: activityLine('二季度例会') });
    const announced = await firstCard(lark, larkGroup.id);
    expect(announced!.kind).toBe('card');
    const messageId = (announced!.raw as { message_id: string }).message_id;
    const content = JSON.parse((announced!.raw as { content: string }).content);
    const value = content.elements.find((e: { tag: string }) => e.tag === 'action').actions[0].value;
    const no = /A-\d{4}/.exec(announced!.text)![0];

    const first = Date.now();
    for (const h of PRESENT) lark.pressButton({ from: larkUser(h), messageId, value });
    lark.pushText({ from: larkUser(ON_LEAVE), chat: larkGroup, text: `/请假 ${no} 家里有事` });
    await waitFor(() => lark.cardTextOf(messageId)?.includes('已签到 5/6 · 请假 1') || undefined, 20_000, 'the card showing the final counts');
    const updates = lark.cards.get(messageId)!.updates;
    expect(updates.length).toBeLessThanOrEqual(Math.ceil((updates.at(-1)! - first) / PERIOD_MS) + 1);
    expectThrottled(updates);
    // Each presser heard privately; the group saw the card and the leave reply, nothing per press.
    // (The leader organized it, so she was present already.)
    for (const h of PRESENT) {
      const [heard] = await lark.replies.waitFor(lark.p2pChatOf(platformIdOf('lark', h)), 1);
      expect(heard!.text).toContain(h === 'leader1' ? '不用重复签到' : '签到成功');
    }
    await waitFor(() => withoutWarnings(lark.replies.in(larkGroup.id)).length >= 2 || undefined, 10_000, 'the leave reply');
    expect(withoutWarnings(lark.replies.in(larkGroup.id)).map((r) => r.kind)).toEqual(['card', 'text']);
  });
});
