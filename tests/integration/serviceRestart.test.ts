import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESCALATION_QUEUE } from '../../src/problems/escalation.js';
import { freshTempDir, startLocalStack, type LocalStack } from '../../src/embedded/localServices.js';
import { DingTalkFake } from '../fakes/dingtalkFake.js';
import { LarkFake } from '../fakes/larkFake.js';
import { seedSmallDistrict, type Handle } from '../support/fixtures.js';
import { bindChat, linkPlatformAccounts, startBot, type Bot } from '../support/platforms.js';
import { waitFor } from '../support/testApp.js';
import { CommandStream } from '../support/traffic.js';

/*
 * Redis (with its append-only file) and FerretDB restarted while commands keep coming: the bot
 * reconnects by itself, and nothing it accepted before a restart is lost or done twice. This file
 * starts its own Redis and FerretDB, so the services other test files share are left alone.
 */

let stack: LocalStack;
let lark: LarkFake;
let dingtalk: DingTalkFake;
let bot: Bot;

const senders: Handle[] = ['member1', 'member1b', 'member1c', 'leader1'];
const larkChats = [0, 1, 2, 3].map((i) => `oc_svc${i}`);
const dtChats = [0, 1, 2, 3, 4, 5].map((i) => `cidSvc${i}`);

beforeAll(async () => {
  stack = await startLocalStack({ dataDir: freshTempDir('statgrid-restart-'), persistent: true, dbName: 'unused' });
  lark = await LarkFake.start();
  // DingTalk pushes unacknowledged callbacks again (late acknowledgements are known to cause repeats there).
  dingtalk = await DingTalkFake.start({ redeliverCallbacks: true });
  bot = await startBot({
    lark,
    dingtalk,
    workers: true,
    services: { mongoBaseUri: stack.mongoUri.replace(/\/[^/]*$/, ''), redisUrl: stack.redisUrl },
    env: { REMINDERS: 'off' },
  });
  await seedSmallDistrict();
  await linkPlatformAccounts('lark', senders);
  await linkPlatformAccounts('dingtalk', senders);
  for (const chat of larkChats) await bindChat('lark', chat, 'JS-01');
  for (const chat of dtChats) await bindChat('dingtalk', chat, 'JS-01');
  await Promise.all([lark.connected(1), dingtalk.connected(1)]);
}, 120_000);

afterAll(async () => {
  await bot?.close();
  await Promise.all([lark?.close(), dingtalk?.close()]);
  await stack?.stop();
});

describe('Redis and FerretDB restarted under load', () => {
  it('the bot reconnects by itself; every command is answered once and every problem kept with its escalation', { timeout: 90_000 }, async () => {
    const commands = new CommandStream({ lark, dingtalk, chats: { lark: larkChats, dingtalk: dtChats }, senders });
    const typing = commands.run(120, 100, (i) => (i % 2 ? '/我的' : `/问题 重启问题${i}`));
    await waitFor(() => commands.pushed.length >= 30 || undefined, 30_000, 'commands under way');
    await stack.redis!.restart();
    await waitFor(() => commands.pushed.length >= 70 || undefined, 30_000, 'more commands');
    await stack.mongo!.restart();
    await typing;

    await commands.expectEachAnsweredOnce(60_000, 2000);
    const { typed, stored } = await commands.raisedProblems();
    expect(stored.map((p) => p.text).sort()).toEqual(typed.sort());
    // Each one's escalation, queued in Redis when it was raised, is still waiting there.
    const delayed = await bot.app.queue(ESCALATION_QUEUE).getDelayed();
    const escalating = new Set(delayed.map((j) => (j.data as { number?: number }).number));
    expect(stored.map((p) => p.number).filter((n) => !escalating.has(n))).toEqual([]);
  });
});
