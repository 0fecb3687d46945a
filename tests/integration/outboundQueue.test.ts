import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadLetterModel } from '../../src/store/models/deadLetter.js';
import { LarkFake } from '../fakes/larkFake.js';
import { startBot, type Bot } from '../support/platforms.js';
import { waitFor } from '../support/testApp.js';

let lark: LarkFake;
let bot: Bot;
const dbName = `t_${randomUUID().slice(0, 8)}`;

const deadLetterOf = (chatId: string) =>
  waitFor(() => DeadLetterModel.findOne({ chatId }).lean().then((d) => d ?? undefined), 30_000, `dead letter for ${chatId}`);

beforeAll(async () => {
  lark = await LarkFake.start();
  // A bot that takes replies into the queue and dies before sending any of them...
  const doomed = await startBot({ dbName, lark, workers: false });
  await doomed.app.outbox.enqueue(['甲', '乙', '丙'].map((text) => ({ platform: 'lark' as const, chatId: 'oc_crashed', text })), 'test:before-crash');
  await doomed.app.close();
  // ...and the one started after it on the same database and Redis.
  bot = await startBot({ dbName, lark, workers: true });
});
afterAll(async () => {
  await bot.close();
  await lark.close();
});

describe('the outbound queue', () => {
  it('loses nothing when the process dies between queueing replies and sending them', async () => {
    const replies = await lark.replies.waitFor('oc_crashed', 3);
    expect(replies.map((r) => r.text)).toEqual(['甲', '乙', '丙']);
  });

  it('skips a message registered by a process that died before adding its job', async () => {
    const redis = bot.app.services.redis;
    const [sec] = await redis.time();
    await redis.zadd(`${dbName}:outchat:lark:oc_orphan`, (Number(sec) - 120) * 1000 * 1000, 'never-added');
    await bot.app.outbox.enqueue([{ platform: 'lark', chatId: 'oc_orphan', text: '仍然送达' }], 'test:orphan');
    expect((await lark.replies.waitFor('oc_orphan', 1))[0]!.text).toBe('仍然送达');
  });

  it('dead-letters a message the platform refuses for good, and the chat moves on', async () => {
    lark.faults.next('invalid', 1);
    await bot.app.outbox.enqueue(
      [
        // A reply hint carrying a (DingTalk-style) session webhook: a credential the dead letter must not keep.
        { platform: 'lark', chatId: 'oc_dead', text: '被拒绝', replyHint: { sessionWebhook: 'https://oapi.example/robot/sendBySession?session=secret', chatType: 'group' } },
        { platform: 'lark', chatId: 'oc_dead', text: '之后这条照常' },
      ],
      'test:refused',
    );
    expect((await lark.replies.waitFor('oc_dead', 1))[0]!.text).toBe('之后这条照常');
    const dead = await deadLetterOf('oc_dead');
    expect(dead).toMatchObject({ platform: 'lark', attempts: 1, message: { text: '被拒绝' } });
    expect(dead.error).toContain('230001');
    expect(dead.message.replyHint).toEqual({ chatType: 'group' });
    expect(JSON.stringify(dead)).not.toContain('secret');
  });

  it('dead-letters a message still throttled after its last try', async () => {
    lark.faults.next('chatRateLimit', 8);
    await bot.app.outbox.enqueue([{ platform: 'lark', chatId: 'oc_throttled', text: '一直被限流' }], 'test:exhausted');
    const dead = await deadLetterOf('oc_throttled');
    expect(dead).toMatchObject({ attempts: 8 });
    expect(dead.error).toContain('230020');
    expect(lark.replies.in('oc_throttled')).toEqual([]);
  });
});
