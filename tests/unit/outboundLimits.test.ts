import { describe, expect, it } from 'vitest';
import { intoBatches } from '../../src/outbound/batches.js';
import { rulesFor, rulesForBatch, type platformRates } from '../../src/outbound/limits.js';

const rates: ReturnType<typeof platformRates> = {
  lark: {
    app: [
      { limit: 50, windowMs: 1000 },
      { limit: 1000, windowMs: 60_000 },
    ],
    chat: [{ limit: 5, windowMs: 1000 }],
    card: [{ limit: 1, windowMs: 5000 }],
  },
};

describe('the send limits of one message', () => {
  it("keeps the platform's own limits exactly, counted on arrival, and paces the app at twice its rate in a tenth", () => {
    expect(rulesFor(rates, { platform: 'lark', chatId: 'oc_1', text: 'x' })).toEqual([
      { scope: 'lark:app', rate: { limit: 50, windowMs: 1000 }, onArrival: true },
      { scope: 'lark:app', rate: { limit: 10, windowMs: 100 } },
      { scope: 'lark:app', rate: { limit: 1000, windowMs: 60_000 }, onArrival: true },
      { scope: 'lark:app', rate: { limit: 200, windowMs: 6000 } },
      { scope: 'lark:oc_1', rate: { limit: 5, windowMs: 1000 }, onArrival: true },
    ]);
  });

  it('limits a private message by its person, and a platform without limits not at all', () => {
    expect(rulesFor(rates, { platform: 'lark', userId: 'ou_9', text: 'x' }).at(-1)).toEqual({ scope: 'lark:user:ou_9', rate: { limit: 5, windowMs: 1000 }, onArrival: true });
    expect(rulesFor(rates, { platform: 'dingtalk', chatId: 'cid1', text: 'x' })).toEqual([]);
  });

  it("holds a card's updates to one a period, on top of its chat's limit", () => {
    const rules = rulesFor(rates, { platform: 'lark', chatId: 'oc_1', text: 'x', updates: 'k1' });
    expect(rules.slice(-2)).toEqual([
      { scope: 'lark:oc_1', rate: { limit: 5, windowMs: 1000 }, onArrival: true },
      { scope: 'lark:card:k1', rate: { limit: 1, windowMs: 5000 }, onArrival: true },
    ]);
  });

  it("counts a batch send as one call: Lark's batch API in limits of its own, DingTalk's in the app's", () => {
    const withDingTalk = { ...rates, dingtalk: { app: [{ limit: 20, windowMs: 1000 }], chat: [], card: [] } };
    expect(rulesForBatch(withDingTalk, 'lark')).toEqual({
      pauseScope: 'lark:batch',
      rules: [
        { scope: 'lark:batch', rate: { limit: 50, windowMs: 1000 }, onArrival: true },
        { scope: 'lark:batch', rate: { limit: 10, windowMs: 100 } },
        { scope: 'lark:batch', rate: { limit: 1000, windowMs: 60_000 }, onArrival: true },
        { scope: 'lark:batch', rate: { limit: 200, windowMs: 6000 } },
      ],
    });
    expect(rulesForBatch(withDingTalk, 'dingtalk')).toEqual({
      pauseScope: 'dingtalk',
      rules: [
        { scope: 'dingtalk:app', rate: { limit: 20, windowMs: 1000 }, onArrival: true },
        { scope: 'dingtalk:app', rate: { limit: 4, windowMs: 100 } },
      ],
    });
  });
});

describe('batches of identical private messages', () => {
  const to = (key: string, userId: string, text = '提醒', more = {}) => ({ key, message: { platform: 'lark' as const, userId, text, ...more } });
  const size = (p: string) => (p === 'lark' ? 2 : 1);

  it.each([
    ['cut to the platform size, in order', [to('a', 'u1'), to('b', 'u2'), to('c', 'u3')], [['a', 'b'], ['c']], []],
    ['one alone with its words stays single', [to('a', 'u1'), to('b', 'u2', '别的'), to('c', 'u3')], [['a', 'c']], ['b']],
    ['by words: a different text is another batch', [to('a', 'u1'), to('b', 'u2', '别的'), to('c', 'u3'), to('d', 'u4', '别的')], [['a', 'c'], ['b', 'd']], []],
    ['never a group message, a card with buttons or a mention', [to('a', 'u1', 't', { chatId: 'oc_1' }), to('b', 'u2', 't', { buttons: [{ label: 'x', command: '/x' }] }), to('c', 'u3', 't', { mentions: ['u9'] })], [], ['a', 'b', 'c']],
    ['none where the platform has no batch send', [to('a', 'u1', 't', { platform: 'dingtalk' }), to('b', 'u2', 't', { platform: 'dingtalk' })], [], ['a', 'b']],
  ])('%s', (_, items, batched, single) => {
    const { singles, batches } = intoBatches(items as never, size as never);
    expect(batches.map((b) => b.recipients.map((r) => r.key))).toEqual(batched);
    expect(singles.map((s) => s.key).sort()).toEqual(single);
    for (const b of batches) expect(b.message.userId).toBeUndefined();
  });
});
