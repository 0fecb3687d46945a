import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/core/types.js';
import { DeadLetterModel } from '../../src/store/models/deadLetter.js';
import type { ReplyBook } from '../fakes/common.js';
import { DingTalkFake } from '../fakes/dingtalkFake.js';
import { LarkFake } from '../fakes/larkFake.js';
import { startBot, type Bot } from '../support/platforms.js';

let lark: LarkFake;
let dingtalk: DingTalkFake;
let bot: Bot;

/** `perChat` numbered messages to each chat, interleaved as a broadcast queues them. */
const burst = (platform: 'lark' | 'dingtalk', chats: string[], perChat: number): OutboundMessage[] =>
  Array.from({ length: perChat }, (_, i) => chats.map((chatId) => ({ platform, chatId, text: `第 #${i} 条` }))).flat();

/** The numbers of each chat's messages in the order they arrived. */
const arrivalOrder = (replies: ReplyBook, chats: string[]) =>
  Object.fromEntries(chats.map((c) => [c, replies.in(c).map((r) => Number(/#(\d+)/.exec(r.text)![1]))]));

const inOrder = (chats: string[], perChat: number) =>
  Object.fromEntries(chats.map((c) => [c, Array.from({ length: perChat }, (_, i) => i)]));

beforeAll(async () => {
  lark = await LarkFake.start();
  dingtalk = await DingTalkFake.start();
  bot = await startBot({ lark, dingtalk, workers: true });
});
afterAll(async () => {
  await bot.close();
  await Promise.all([lark.close(), dingtalk.close()]);
});

describe("a burst of replies under the platforms' limits and injected throttling", () => {
  it('delivers 200 Lark messages to 10 groups, in order per group, none twice', async () => {
    const chats = Array.from({ length: 10 }, (_, i) => `oc_burst${i}`);
    lark.faults.next('rateLimit', 4);
    lark.faults.next('chatRateLimit', 8);
    lark.faults.next('unavailable', 4);
    await bot.app.outbox.enqueue(burst('lark', chats, 20), 'test:lark-burst');
    await Promise.all(chats.map((c) => lark.replies.waitFor(c, 20, 40_000)));
    expect(arrivalOrder(lark.replies, chats)).toEqual(inOrder(chats, 20));
    expect(lark.counters.throttled).toBeGreaterThanOrEqual(12);
    expect(lark.counters.sends).toBe(200);
    expect(lark.counters.deduplicatedSends).toBe(0);
    expect(await DeadLetterModel.countDocuments()).toBe(0);
  });

  it("sends a broadcast to 150 Lark groups at the app's limit without one throttled send", async () => {
    // 3 s at 50/s: every window is full, so a send counted too early would get a 429.
    const chats = Array.from({ length: 150 }, (_, i) => `oc_wide${i}`);
    const throttledBefore = lark.counters.throttled;
    const sendsBefore = lark.counters.sends;
    await bot.app.outbox.enqueue(burst('lark', chats, 1), 'test:lark-wide');
    await Promise.all(chats.map((c) => lark.replies.waitFor(c, 1, 40_000)));
    expect(lark.counters.throttled - throttledBefore).toBe(0);
    expect(lark.counters.sends - sendsBefore).toBe(150);
    expect(chats.every((c) => lark.replies.in(c).length === 1)).toBe(true);
  });

  it('lets a reply overtake a broadcast queued before it, except in a chat the broadcast reaches', async () => {
    // 300 groups at Lark's 50/s take 6 s; the reply, queued just after, goes out within the first second or so.
    const chats = Array.from({ length: 300 }, (_, i) => `oc_bulk${i}`);
    await bot.app.outbox.enqueueKeyed(chats.map((chatId) => ({ key: chatId, message: { platform: 'lark', chatId, text: '通知 #0' } })), 'test:bulk', { bulk: true });
    await bot.app.outbox.enqueue([{ platform: 'lark', chatId: 'oc_reply', text: '回复 #0' }, { platform: 'lark', chatId: chats[299]!, text: '回复 #1' }], 'test:reply');
    await lark.replies.waitFor('oc_reply', 1, 20_000);
    const broadcastSoFar = chats.filter((c) => lark.replies.in(c).length > 0).length;
    expect(broadcastSoFar).toBeLessThan(150);
    await Promise.all(chats.map((c) => lark.replies.waitFor(c, c === chats[299] ? 2 : 1, 40_000)));
    // In a chat both reach, the broadcast queued first still arrives first.
    expect(arrivalOrder(lark.replies, [chats[299]!])).toEqual({ [chats[299]!]: [0, 1] });
  });

  it('delivers 200 DingTalk messages to 20 groups through the OpenAPI, in order per group, none twice', async () => {
    // 10 a group: DingTalk lets a robot send 20 messages a minute into one group, retries included.
    const chats = Array.from({ length: 20 }, (_, i) => `cidBurst${i}`);
    dingtalk.faults.next('apiRateLimit', 4);
    dingtalk.faults.next('unavailable', 4);
    await bot.app.outbox.enqueue(burst('dingtalk', chats, 10), 'test:dingtalk-burst');
    await Promise.all(chats.map((c) => dingtalk.replies.waitFor(c, 10, 40_000)));
    expect(arrivalOrder(dingtalk.replies, chats)).toEqual(inOrder(chats, 10));
    expect(dingtalk.counters.throttled).toBeGreaterThanOrEqual(4);
    expect(dingtalk.counters.apiSends).toBe(200);
    expect(dingtalk.replies.in(chats[0]!).every((r) => r.via === 'groupSend')).toBe(true);
    expect(await DeadLetterModel.countDocuments()).toBe(0);
  });
});
