import { describe, expect, it } from 'vitest';
import { AuditLogModel } from '../../src/store/models/auditLog.js';
import { HOSTILE_SEED, HOSTILE_TOTAL } from '../support/hostileInput.js';
import { HostileJudge } from '../support/hostileJudge.js';
import { CALLERS, ENTITLED, useRouterSession } from '../support/routerSession.js';
import { storeSnapshot } from '../support/writeWatch.js';

/*
 * Hostile command lines through the router, in process: every command with the words a plain
 * object answers from its prototype, then generated lines (seeded: set HOSTILE_SEED to replay a
 * failure) from callers of every rank in every kind of chat. None may crash the bot, each gets a
 * reply (plain text addressed to the bot gets the hint), and none writes anything unless it was a
 * valid command that succeeded: checked on the writes each line sent, and on the database, compared
 * before and after each batch. hostileInputEntitled.test.ts sends the rest of the 10,000 from
 * callers the command lets in (deeper paths), hostileInputPlatforms.test.ts a sample through the
 * platform fakes.
 */

const SEED = HOSTILE_SEED;
// Six in ten of the generated lines: the cheaper ones, most stopping at the door.
const COUNT = Math.round(HOSTILE_TOTAL * 0.6);
const router = useRouterSession();

describe('hostile input through the router', () => {
  it('every command with a prototype key ("constructor", "__proto__"…) as an argument: never taken for a keyword', async () => {
    const judge = new HostileJudge(router().router);
    // Arguments before the word: plausible ones, so the word is reached where a keyword is looked up.
    const fillers = [['JS-01', '一组员', '明天'], ['例会', '明天', '14:30']];
    const lines = router().router.commands.flatMap((c) => {
      const freeFrom = c.params.findIndex((p) => p.startsWith('...'));
      return ['__proto__', 'constructor', 'toString'].flatMap((word) =>
        fillers.flatMap((filler) =>
          [0, 1, 2].map((at) => ({
            label: `/${c.name} with ${word} as argument ${at + 1}`,
            line: `/${c.zh[0]} ${[...filler.slice(0, at), word].join(' ')}`,
            caller: ENTITLED[c.allow],
            // From a free-text argument on, the word is just text (a problem, a report) and may succeed.
            keyword: freeFrom < 0 || at < freeFrom,
          })),
        ),
      );
    });
    const before = await storeSnapshot();
    const outcomes = await router().run(lines);
    await judge.judge(outcomes, before);
    expect(judge.failures).toEqual([]);
    const keywordKeys = outcomes.filter((_, i) => lines[i]!.keyword).map((o) => o.key);
    const accepted = await AuditLogModel.find({ eventKey: { $in: keywordKeys }, result: 'ok' }, { eventKey: 1 }).lean();
    expect(accepted.map((a) => outcomes.find((o) => o.key === a.eventKey)!.label)).toEqual([]);
  });

  it(`${COUNT} generated lines from anyone, anywhere: no crash, always a reply, no write unless valid (seed ${SEED})`, { timeout: 120_000 }, async () => {
    const failures = await router().runGenerated({ seed: SEED, count: COUNT, callerFor: (_, random) => CALLERS[Math.floor(random() * CALLERS.length)]! });
    expect(failures.slice(0, 25), `seed ${SEED}: ${failures.length} failures`).toEqual([]);
  });
});
