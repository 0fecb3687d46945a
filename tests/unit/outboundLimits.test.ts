import { describe, expect, it } from 'vitest';
import { rulesFor, type platformRates } from '../../src/outbound/limits.js';

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
});
