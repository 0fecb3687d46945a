import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeReply } from '../fakes/common.js';
import type { DingTalkFake } from '../fakes/dingtalkFake.js';
import type { LarkFake } from '../fakes/larkFake.js';
import { seededRandom } from '../../src/seed/names.js';
import { HOSTILE_SEED, HostileInput } from '../support/hostileInput.js';
import { HostileJudge, type Outcome } from '../support/hostileJudge.js';
import { PEOPLE, seedSmallDistrict, type Handle } from '../support/fixtures.js';
import { bindChat, linkPlatformAccounts, platformIdOf, startPlatformTest, type PlatformTest } from '../support/platforms.js';
import { untilIdle, waitFor } from '../support/testApp.js';
import { BOOKKEEPING, storeSnapshot, WriteWatch } from '../support/writeWatch.js';

/*
 * A sample of the generated hostile lines (see hostileInput.test.ts) typed into Lark and DingTalk:
 * through the SDKs, the inbox and the queues, each is answered, none writes unless it succeeded,
 * and the bot keeps running. Lines go one at a time, so the writes between a push and its event
 * being handled are that line's.
 */

const SEED = HOSTILE_SEED + 200;
const COUNT = 200;
const people: Handle[] = ['member1', 'leader1', 'streetJS', 'bureau', 'memberXQ'];
const groups = ['JS-01', 'XQ-01', 'JS', 'OH'];

let p: PlatformTest;
let lark: LarkFake;
let dingtalk: DingTalkFake;
let watch: WriteWatch;

beforeAll(async () => {
  // No platform limits here (the fake's, and the bot's DingTalk one): every reply goes back on its message.
  p = await startPlatformTest({ lark: { limits: false }, dingtalk: { limits: false }, env: { DINGTALK_CHAT_SENDS_PER_MINUTE: '10000' } });
  lark = p.lark!;
  dingtalk = p.dingtalk!;
  await seedSmallDistrict();
  await linkPlatformAccounts('lark', people);
  await linkPlatformAccounts('dingtalk', people);
  for (const g of groups) {
    await bindChat('lark', `oc_h_${g}`, g);
    await bindChat('dingtalk', `cidH_${g}`, g);
  }
  watch = new WriteWatch();
});

afterAll(async () => {
  watch?.stop();
  await p?.close();
});

describe('hostile input through the platforms', () => {
  it(`${COUNT} generated lines through Lark and DingTalk: each answered, nothing written unless valid, the bot still up (seed ${SEED})`, { timeout: 90_000 }, async () => {
    const { router } = p.t.app;
    const input = new HostileInput(SEED, router.commands.flatMap((c) => [c.name, ...c.zh]));
    const random = seededRandom(SEED + 1);
    const judge = new HostileJudge(router);
    const before = await storeSnapshot();
    watch.unattributed.length = 0;
    const outcomes: Outcome[] = [];
    for (let i = 0; i < COUNT; i++) {
      // Lines a platform cannot carry are left out: an empty message, or one past Lark's 150 KB.
      let line = input.next();
      while (!line.trim() || line.length > 20_000) line = input.next();
      const who = people[Math.floor(random() * people.length)]!;
      const group = groups[Math.floor(random() * groups.length)]!;
      const privately = random() < 0.2;
      const onLark = i % 2 === 0;
      const chatId = onLark ? (privately ? `oc_p2p_${who}` : `oc_h_${group}`) : privately ? `cidP2p_${who}` : `cidH_${group}`;
      const chat = { id: chatId, type: privately ? ('p2p' as const) : ('group' as const) };
      const pushed = onLark
        ? lark.pushText({ from: { openId: platformIdOf('lark', who), name: PEOPLE[who].name }, chat, text: line })
        : dingtalk.pushText({ from: { staffId: platformIdOf('dingtalk', who), nick: PEOPLE[who].name }, chat, text: line });
      const key = `${onLark ? 'lark' : 'dingtalk'}:${pushed.eventId}`;
      const book = onLark ? lark.replies : dingtalk.replies;
      const answers = (): FakeReply[] => book.in(chatId).filter((r) => r.inReplyTo === pushed.messageId);
      await waitFor(() => answers().length > 0 || undefined, 15_000).catch(() => undefined);
      // Handled is marked once its replies are queued: by then the line's own writes are all in; the
      // work it queued (a broadcast's fan-out) is let finish too, so no later line is blamed for it.
      await waitFor(() => p.t.app.events.isDone(key), 10_000).catch(() => undefined);
      for (const queue of p.t.app.queues.values()) await untilIdle(queue).catch(() => undefined);
      const writes = watch.unattributed.splice(0).filter((c) => !BOOKKEEPING.has(c));
      outcomes.push({ label: `#${i} (${key}, ${who})`, line, key, replies: answers().map((r) => r.text), writes });
    }
    await judge.judge(outcomes, before);
    expect(judge.failures, `seed ${SEED}`).toEqual([]);

    const last = lark.pushText({ from: { openId: platformIdOf('lark', 'member1') }, chat: { id: 'oc_h_JS-01', type: 'group' }, text: '/我的' });
    await waitFor(() => lark.replies.in('oc_h_JS-01').some((r) => r.inReplyTo === last.messageId) || undefined, 15_000, 'an answer after all that');
  });
});
