import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventKeyOf } from '../../src/core/dispatch.js';
import { jobIdOf } from '../../src/queue/jobIds.js';
import { LarkFake, type LarkChat, type LarkUser } from '../fakes/larkFake.js';
import { startBot, type Bot } from '../support/platforms.js';
import { waitFor } from '../support/testApp.js';

/*
 * A reply goes out from the job that handled its message when its chat has nothing queued (the
 * direct path), and through the outbound queue, behind what waits there, when it has.
 */

let lark: LarkFake;
let bot: Bot;
const someone: LarkUser = { openId: 'ou_direct_reply', name: '路人' };

beforeAll(async () => {
  lark = await LarkFake.start();
  // One message a second per chat: three queued messages keep a chat busy for two seconds.
  bot = await startBot({ lark, workers: true, env: { LARK_CHAT_SENDS_PER_SECOND: '1' } });
});
afterAll(async () => {
  await bot.close();
  await lark.close();
});

/** The outbound job and the direct-send mark of a reply's first message, and whether its event is done. */
async function pathOf(eventId: string) {
  const key = eventKeyOf({ platform: 'lark', eventId });
  const id = jobIdOf(`${key}#0`);
  const { redis, queuePrefix } = bot.app.services;
  return {
    job: await bot.app.queue('outbound').getJob(id),
    sentDirectly: (await redis.exists(`${queuePrefix}:outsent:${id}`)) === 1,
    done: await bot.app.events.isDone(key),
  };
}

describe('the direct path for a reply', () => {
  it('sends the reply to a quiet chat from the inbound job: no outbound job, marked sent, the chat left free', async () => {
    const chat: LarkChat = { id: 'oc_quiet', type: 'group', name: '安静的群' };
    const { eventId } = lark.pushText({ from: someone, chat, text: '/帮助' });
    const [reply] = await lark.replies.waitFor(chat.id, 1);
    expect(reply!.text).toContain('/');
    await waitFor(async () => (await pathOf(eventId)).done || undefined, 10_000, 'event done');
    const path = await pathOf(eventId);
    expect(path.job).toBeUndefined();
    expect(path.sentDirectly).toBe(true);
    expect(await bot.app.services.redis.zcard(`${bot.app.services.queuePrefix}:outchat:lark:${chat.id}`)).toBe(0);
  });

  it('queues the reply in a busy chat behind what waits there, and keeps the order', async () => {
    const chat: LarkChat = { id: 'oc_busy', type: 'group', name: '忙碌的群' };
    await bot.app.outbox.enqueue(['第一条', '第二条', '第三条'].map((text) => ({ platform: 'lark' as const, chatId: chat.id, text })), 'test:busy');
    const { eventId } = lark.pushText({ from: someone, chat, text: '/帮助' });
    const replies = await lark.replies.waitFor(chat.id, 4, 20_000);
    expect(replies.slice(0, 3).map((r) => r.text)).toEqual(['第一条', '第二条', '第三条']);
    expect(replies[3]!.text).toBe((await lark.replies.waitFor('oc_quiet', 1))[0]!.text);
    const path = await pathOf(eventId);
    expect(path.job).toBeDefined();
    await waitFor(async () => (await path.job!.getState()) === 'completed' || undefined, 10_000, 'reply job completed');
    expect(path.sentDirectly).toBe(false);
  });

  it('sends no reply twice when its job runs again after a direct send (a crash before the event was marked done)', async () => {
    const chat: LarkChat = { id: 'oc_again', type: 'group', name: '重发的群' };
    const { eventId } = lark.pushText({ from: someone, chat, text: '/帮助' });
    await lark.replies.waitFor(chat.id, 1);
    await waitFor(async () => (await pathOf(eventId)).done || undefined, 10_000, 'event done');
    // As a crash between the send and the ledger's update leaves it; the platform then pushes again.
    const { redis, queuePrefix } = bot.app.services;
    await redis.set(`${queuePrefix}:event:${eventKeyOf({ platform: 'lark', eventId })}`, 'accepted');
    const dedupedBefore = lark.counters.deduplicatedSends;
    lark.redeliver(eventId);
    await waitFor(async () => (await pathOf(eventId)).done || undefined, 10_000, 'event handled again');
    expect(lark.replies.in(chat.id)).toHaveLength(1);
    expect(lark.counters.deduplicatedSends).toBe(dedupedBefore); // not even sent again for Lark's uuid to hide
  });
});
