import { describe, expect, it } from 'vitest';
import { HOSTILE_SEED, HOSTILE_TOTAL } from '../support/hostileInput.js';
import { CALLERS, ENTITLED, useRouterSession } from '../support/routerSession.js';

/*
 * Like hostileInput.test.ts, with another seed, and each command line from someone the command's
 * least role lets in: past the door, the garbage reaches argument checks, lookups and writes.
 * (Lines that name no command come from anyone.)
 */

const SEED = HOSTILE_SEED + 100;
// The other four in ten of the generated lines (hostileInput.test.ts sends six): these go deeper and cost more.
const COUNT = HOSTILE_TOTAL - Math.round(HOSTILE_TOTAL * 0.6);
const router = useRouterSession();

describe('hostile input from callers a command lets in', () => {
  it(`${COUNT} generated lines: no crash, always a reply, no write unless valid (seed ${SEED})`, { timeout: 120_000 }, async () => {
    const failures = await router().runGenerated({
      seed: SEED,
      count: COUNT,
      callerFor: (command, random) => (command ? ENTITLED[command.allow] : CALLERS[Math.floor(random() * CALLERS.length)]!),
    });
    expect(failures.slice(0, 25), `seed ${SEED}: ${failures.length} failures`).toEqual([]);
  });
});
