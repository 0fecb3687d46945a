import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectStore, disconnectStore } from '../../src/store/connect.js';
import { nextSequence } from '../../src/store/counters.js';
import { CounterModel } from '../../src/store/models/counter.js';

beforeAll(() => connectStore(`${inject('mongoBaseUri')}/t_${randomUUID().slice(0, 8)}`));
afterAll(() => disconnectStore());

describe('sequences (problem, notice and activity numbers)', () => {
  it('hand out each number once when asked many times at once', async () => {
    const numbers = await Promise.all(Array.from({ length: 30 }, () => nextSequence('burst')));
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(await nextSequence('burst')).toBe(31);
    expect((await CounterModel.findById('burst').lean())!.seq).toBe(31);
  });

  it('continue from a counter document written before', async () => {
    await CounterModel.create({ _id: 'legacy', seq: 41 });
    expect(await Promise.all([nextSequence('legacy'), nextSequence('legacy')]).then((n) => n.sort())).toEqual([42, 43]);
  });
});
