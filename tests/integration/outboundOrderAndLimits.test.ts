import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ChatOrder } from '../../src/outbound/chatOrder.js';
import { RateLimiter, type RateRule } from '../../src/outbound/rateLimiter.js';

const redis = new Redis(inject('redisUrl'));
const prefix = `t_${randomUUID().slice(0, 8)}`;
afterAll(() => redis.quit());

describe('per-chat order in Redis', () => {
  const order = new ChatOrder(redis, prefix, `${prefix}:outbound:`);

  it('lets only the oldest message of a chat go, then the next', async () => {
    await order.register('lark:oc_1', ['a', 'b']);
    await order.register('lark:oc_1', ['c', 'a']); // a keeps its place
    expect(await order.turn('lark:oc_1', 'a')).toEqual({ state: 'head' });
    expect(await order.turn('lark:oc_1', 'c')).toMatchObject({ state: 'wait', head: 'a' });
    expect(await order.release('lark:oc_1', 'a')).toBe('b');
    expect(await order.turn('lark:oc_1', 'a')).toEqual({ state: 'gone' });
    expect(await order.release('lark:oc_1', 'b')).toBe('c');
    expect(await order.turn('lark:oc_2', 'x')).toEqual({ state: 'gone' });
  });

  it('does not register again a message whose job exists (queued again after it was sent)', async () => {
    await redis.hset(`${prefix}:outbound:sent-1`, 'name', 'sendMessage');
    await order.register('lark:oc_3', ['sent-1', 'new-1']);
    expect(await order.turn('lark:oc_3', 'new-1')).toEqual({ state: 'head' });
    expect(await order.pending('lark:oc_3')).toBe(1);
  });
});

describe('send limits in Redis', () => {
  const limiter = new RateLimiter(redis, prefix);
  const perSecond = (limit: number, scope: string, onArrival?: boolean) => ({ scope, rate: { limit, windowMs: 1000 }, onArrival });
  /** 0 when a send was taken, else the wait. */
  const waitOf = async (pauseScope: string, rules: RateRule[]) => {
    const acquired = await limiter.acquire(pauseScope, rules);
    return 'wait' in acquired ? acquired.wait : 0;
  };

  it('allows a burst up to the limit in a window, then says how long to wait', async () => {
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await waitOf('lark', [perSecond(5, 'chat-a')]));
    expect(results.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(results[5]).toBeGreaterThan(0);
    expect(results[5]).toBeLessThanOrEqual(1001);
  });

  it('takes from every rule or from none', async () => {
    const rules = [perSecond(1, 'chat-b'), perSecond(10, 'app-b')];
    expect(await waitOf('lark', rules)).toBe(0);
    expect(await waitOf('lark', rules)).toBeGreaterThan(0);
    // The refused try took nothing from the app's budget: nine more fit.
    for (let i = 0; i < 9; i++) expect(await waitOf('lark', [perSecond(10, 'app-b')])).toBe(0);
    expect(await waitOf('lark', [perSecond(10, 'app-b')])).toBeGreaterThan(0);
  });

  it("counts a platform's limit from the answer, so a slow send pushes the next window back", async () => {
    const rules = [perSecond(1, 'app-slow', true), perSecond(1, 'app-fast')];
    const first = await limiter.acquire('lark', rules);
    if (!('ticket' in first)) throw new Error('the first send should have been taken');
    await new Promise((r) => setTimeout(r, 500)); // the platform takes half a second to answer
    await limiter.settle(first.ticket);
    // Counted when it left, the window would reopen in 0.5 s; counted at the answer, in a whole second.
    expect(await waitOf('lark', [perSecond(1, 'app-fast')])).toBeLessThanOrEqual(501);
    expect(await waitOf('lark', rules)).toBeGreaterThan(600);
  });

  it('holds a whole platform back while it asked to wait', async () => {
    await limiter.pause('dingtalk', 800);
    const wait = await waitOf('dingtalk', [perSecond(100, 'chat-c')]);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(800);
    expect(await waitOf('lark', [perSecond(100, 'chat-c')])).toBe(0);
  });
});
