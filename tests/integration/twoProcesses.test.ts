import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EventLedger } from '../../src/core/eventLedger.js';
import { SERVICES_FILE } from '../../src/embedded/localServices.js';
import { createRedis } from '../../src/queue/connection.js';
import { connectStore, disconnectStore } from '../../src/store/connect.js';
import { AuditLogModel } from '../../src/store/models/auditLog.js';
import { DingTalkFake, type DingTalkChat } from '../fakes/dingtalkFake.js';
import { LarkFake, type LarkChat } from '../fakes/larkFake.js';
import { PEOPLE, seedSmallDistrict, type Handle } from '../support/fixtures.js';
import { spawnBot, type BotProcess } from '../support/botProcess.js';
import { bindChat, linkPlatformAccounts, platformIdOf } from '../support/platforms.js';
import { waitFor } from '../support/testApp.js';

let lark: LarkFake;
let dingtalk: DingTalkFake;
const bots: BotProcess[] = [];
/** The bots' event ledger (they use the default queue prefix). */
let events: EventLedger;
let redis: ReturnType<typeof createRedis>;
/** The bots' stderr (their logs at warn and above), shown when a test fails. */
let botLog = '';
const people: Handle[] = ['member1', 'member1b', 'leader1'];

beforeAll(async () => {
  lark = await LarkFake.start();
  dingtalk = await DingTalkFake.start();
  const mongoUri = `${inject('mongoBaseUri')}/t_${randomUUID().slice(0, 8)}`;
  await connectStore(mongoUri);
  await seedSmallDistrict();
  await linkPlatformAccounts('lark', people);
  // Not linked on DingTalk: their /登记 there are claims waiting for a leader, each event audited once.
  for (let i = 0; i < 3; i++) {
    await bindChat('lark', `oc_two${i}`, 'JS-01');
    await bindChat('dingtalk', `cidTwo${i}`, 'JS-01');
  }
  // A Redis database of its own, so the bots' default queue prefix meets no other test.
  const redisUrl = `${inject('redisUrl')}/7`;
  redis = createRedis(redisUrl);
  events = new EventLedger(redis, 'statgrid');
  for (let i = 0; i < 2; i++) bots.push(spawnBot({ mongoUri, redisUrl, lark, dingtalk, onLog: (text) => (botLog += text) }));
  const died = Promise.race(bots.map((b) => b.exited)).then(({ code }) => {
    throw new Error(`a bot exited (${code}) before connecting`);
  });
  await Promise.race([Promise.all([lark.connected(2, 45_000), dingtalk.connected(2, 45_000)]), died]).catch((err: Error) => {
    throw new Error(`${err.message}\n${botLog}`);
  });
}, 60_000);

afterAll(async () => {
  for (const { child } of bots) if (child.exitCode === null) child.kill('SIGKILL');
  await disconnectStore();
  await redis.quit();
  await Promise.all([lark.close(), dingtalk.close()]);
});

describe('two bot processes connected at once', () => {
  it('handle each event once, on both platforms, though every event is pushed twice', async () => {
    const larkChats: LarkChat[] = [0, 1, 2].map((i) => ({ id: `oc_two${i}`, type: 'group' }));
    const dtChats: DingTalkChat[] = [0, 1, 2].map((i) => ({ id: `cidTwo${i}`, type: 'group' }));
    const larkPushed: string[] = [];
    const dtPushed: string[] = [];
    for (let round = 0; round < 5; round++) {
      for (const [i, h] of people.entries()) {
        const l = lark.pushText({ from: { openId: platformIdOf('lark', h), name: PEOPLE[h].name }, chat: larkChats[i]!, text: '/我的' });
        lark.redeliver(l.eventId); // the second copy goes to a random connection, often the other process
        larkPushed.push(l.messageId!);
        const d = dingtalk.pushText({ from: { staffId: platformIdOf('dingtalk', h), nick: PEOPLE[h].name }, chat: dtChats[i]!, text: `/登记 ${PEOPLE[h].name} ${PEOPLE[h].phone}` });
        dingtalk.redeliver(d.eventId);
        dtPushed.push(d.messageId);
      }
    }
    await Promise.all([
      ...larkChats.map((c) => lark.replies.waitFor(c.id, 5, 30_000)),
      ...dtChats.map((c) => dingtalk.replies.waitFor(c.id, 5, 30_000)),
    ]);
    // One more message per chat: replies in a chat keep their order, so no late duplicate hides behind it.
    for (const [i, h] of people.entries()) {
      lark.pushText({ from: { openId: platformIdOf('lark', h) }, chat: larkChats[i]!, text: '/帮助' });
      dingtalk.pushText({ from: { staffId: platformIdOf('dingtalk', h) }, chat: dtChats[i]!, text: '/帮助' });
    }
    await Promise.all([...larkChats.map((c) => lark.replies.waitFor(c.id, 6, 30_000)), ...dtChats.map((c) => dingtalk.replies.waitFor(c.id, 6, 30_000))]);

    const larkAnswered = larkChats.flatMap((c) => lark.replies.in(c.id).slice(0, 5).map((r) => r.inReplyTo));
    expect(larkAnswered.sort()).toEqual([...larkPushed].sort());
    const dtAnswered = dtChats.flatMap((c) => dingtalk.replies.in(c.id).slice(0, 5).map((r) => r.inReplyTo));
    expect(dtAnswered.sort()).toEqual([...dtPushed].sort());
    // Lark pushes an event again when it is not acknowledged within 3 s, so there may be more.
    expect(lark.counters.pushes).toBeGreaterThanOrEqual(30 + 3);
    expect(dingtalk.counters.pushes).toBe(30 + 3);
    expect(await AuditLogModel.countDocuments({ command: 'register', platform: 'dingtalk' })).toBe(15);
    // An event is marked handled just after its replies are queued.
    await waitFor(async () => (await events.count()).done === 2 * (15 + 3), 10_000, 'events marked handled');
    expect(await events.count('lark:*')).toEqual({ accepted: 0, done: 15 + 3 });
  });

  it('writes services.json, which may hold database passwords, readable by its owner only', () => {
    for (const bot of bots) expect(statSync(join(bot.dataDir, SERVICES_FILE)).mode & 0o777).toBe(0o600);
  });

  it('stop on SIGTERM: each closes its connections and exits cleanly', async () => {
    for (const { child } of bots) child.kill('SIGTERM');
    expect((await Promise.all(bots.map((b) => b.exited))).map((e) => e.code)).toEqual([0, 0]);
    expect(lark.openConnections).toBe(0);
    expect(dingtalk.openConnections).toBe(0);
  });
});
