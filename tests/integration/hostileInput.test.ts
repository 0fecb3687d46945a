import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLine } from '../../src/core/commandLine.js';
import { dispatch, eventKeyOf } from '../../src/core/dispatch.js';
import type { Role } from '../../src/core/roles.js';
import type { InboundMessage } from '../../src/core/types.js';
import { MSG } from '../../src/i18n/messages.js';
import { AuditLogModel } from '../../src/store/models/auditLog.js';
import { HostileInput, seededRandom } from '../support/hostileInput.js';
import { phoneOf, seedSmallDistrict, type Handle } from '../support/fixtures.js';
import { startBot, type Bot } from '../support/platforms.js';
import { BOOKKEEPING, changedCollections, storeSnapshot, WriteWatch } from '../support/writeWatch.js';

/*
 * Generated hostile command lines (seeded: set HOSTILE_SEED to replay a failure) through the router,
 * in process, from callers of every rank in every kind of chat. None may crash the bot, each gets a
 * reply (plain text addressed to the bot gets the hint), and none writes anything unless it was a
 * valid command that succeeded: its audit entry says "ok". Checked two ways: the writes each line
 * sent (watched per line), and the database itself, compared before and after each batch.
 */

const SEED = Number(process.env.HOSTILE_SEED ?? 20_261_126);
const COUNT = Number(process.env.HOSTILE_COUNT ?? 10_000);
const BATCH = 250;
const PARALLEL = 8;

interface Caller {
  senderId: string;
  chatId: string;
  chatType: 'group' | 'p2p';
}
const handles: Handle[] = ['member1', 'deputy1', 'leader1', 'streetJS', 'bureau', 'memberXQ'];
const chats: Array<Pick<Caller, 'chatId' | 'chatType'>> = [
  { chatId: 'JS-01', chatType: 'group' }, { chatId: 'XQ-01', chatType: 'group' }, { chatId: 'JS', chatType: 'group' },
  { chatId: 'OH', chatType: 'group' }, { chatId: 'nowhere', chatType: 'group' }, { chatId: 'p2p', chatType: 'p2p' },
];
const callers: Caller[] = [...handles.map((h) => phoneOf(h)), 'stranger'].flatMap((senderId) => chats.map((c) => ({ senderId, ...c })));
/** Someone a command's least role lets through (in a group, for commands that need one): most lines come from them, to get past the door. */
const ENTITLED: Record<Role, Caller> = {
  anyone: { senderId: 'stranger', chatId: 'JS-01', chatType: 'group' },
  registered: { senderId: phoneOf('member1'), chatId: 'p2p', chatType: 'p2p' },
  member: { senderId: phoneOf('member1'), chatId: 'JS-01', chatType: 'group' },
  deputy: { senderId: phoneOf('deputy1'), chatId: 'JS-01', chatType: 'group' },
  leader: { senderId: phoneOf('leader1'), chatId: 'JS-01', chatType: 'group' },
  streetAdmin: { senderId: phoneOf('streetJS'), chatId: 'JS', chatType: 'group' },
  bureauAdmin: { senderId: phoneOf('bureau'), chatId: 'OH', chatType: 'group' },
};

let bot: Bot;
let seq = 0;

function message(text: string, caller: Caller, eventId = `h${seq++}`): InboundMessage {
  return { platform: 'console', eventId, text, addressedToBot: true, receivedAt: Date.now(), ...caller };
}

/** Runs a line as someone would type it; for setting the scene. */
async function say(text: string, as: Handle, chatId: string): Promise<string> {
  const out = await dispatch(message(text, { senderId: phoneOf(as), chatId, chatType: 'group' }, `setup${seq++}`), bot.app.router, bot.app.services);
  return out.map((o) => o.text).join('\n');
}

beforeAll(async () => {
  // No workers: the queued follow-ups of the lines that succeed wait in Redis and write nothing meanwhile.
  bot = await startBot({ workers: false, env: { REMINDERS: 'off' } });
  await seedSmallDistrict();
  // Something for the lines to hit: an activity, problems, a notice, a report, an assessment draft.
  expect(await say('/活动 例会 明天 14:30 会议室 季度例会', 'leader1', 'JS-01')).toContain('A-0001');
  expect(await say('/活动 培训 明天 9:00 新桥会议室 新桥培训', 'leaderXQ', 'XQ-01')).toContain('A-0002');
  expect(await say('/问题 报表什么时候截止？', 'member1', 'JS-01')).toContain('Q-0001');
  expect(await say('/问题 新桥的问题', 'memberXQ', 'XQ-01')).toContain('Q-0002');
  expect(await say('/答复 Q-0001 每月5日前。', 'leader1', 'JS-01')).toContain('Q-0001');
  expect(await say('/通知 街道=JS 请按时报送月报', 'bureau', 'OH')).toContain('N-0001');
  expect(await say('/月报 本月正常', 'leader1', 'JS-01')).toMatch(/月度汇报/);
  expect(await say('/考核 试算', 'streetJS', 'JS')).not.toContain(MSG.internalError['zh-CN']);
}, 60_000);

afterAll(() => bot?.close());

const INTERNAL = [MSG.internalError['zh-CN'], MSG.internalError.en];
const HINT = [MSG.notACommand['zh-CN'], MSG.notACommand.en];
/** What sloppy formatting shows; a reply may contain it only when the line did. */
const SLOPPY = ['undefined', 'NaN', '[object Object]', 'Invalid Date'];

interface Outcome {
  i: number;
  line: string;
  caller: Caller;
  key: string;
  replies: string[];
  writes: string[];
  crash?: string;
}

describe('hostile input', () => {
  it(`${COUNT} generated lines through the router: no crash, always a reply, no write unless valid (seed ${SEED})`, { timeout: 120_000 }, async () => {
    const { router, services } = bot.app;
    const names = router.commands.flatMap((c) => [c.name, ...c.zh]);
    const input = new HostileInput(SEED, names);
    const callerRandom = seededRandom(SEED + 1);
    const watch = new WriteWatch();
    const failures: string[] = [];
    const tally = { succeeded: 0, wrote: 0, commands: 0 };
    const typed = new Set<string>();
    const kinds = new Map<string, number>();
    const fail = (o: Outcome, why: string) => failures.push(`#${o.i} ${why}: ${JSON.stringify(o.line.slice(0, 200))} as ${o.caller.senderId} in ${o.caller.chatId}`);

    try {
      for (let start = 0; start < COUNT; start += BATCH) {
        const batch = Array.from({ length: Math.min(BATCH, COUNT - start) }, (_, k) => {
          const line = input.next();
          const parsed = parseLine(line);
          const command = parsed.kind === 'command' ? router.resolve(parsed.name)?.command : undefined;
          const entitled = command && callerRandom() < 0.7;
          return { i: start + k, line, caller: entitled ? ENTITLED[command.allow] : callers[Math.floor(callerRandom() * callers.length)]! };
        });
        const before = await storeSnapshot();
        const outcomes: Outcome[] = [];
        for (let k = 0; k < batch.length; k += PARALLEL) {
          outcomes.push(
            ...(await Promise.all(
              batch.slice(k, k + PARALLEL).map(async ({ i, line, caller }) => {
                const msg = message(line, caller, `h${i}`);
                const o: Outcome = { i, line, caller, key: eventKeyOf(msg), replies: [], writes: [] };
                try {
                  const { value, writes } = await watch.run(() => dispatch(msg, router, services));
                  o.replies = value.map((m) => m.text);
                  o.writes = writes.filter((c) => !BOOKKEEPING.has(c));
                } catch (err) {
                  o.crash = String(err);
                }
                return o;
              }),
            )),
          );
        }
        const after = await storeSnapshot();
        const audits = await AuditLogModel.find({ eventKey: { $in: outcomes.map((o) => o.key) } }, { eventKey: 1, result: 1 }).lean();
        const auditOf = new Map(audits.map((a) => [a.eventKey, a.result]));

        const explained = new Set<string>();
        for (const o of outcomes) {
          if (o.crash) {
            fail(o, `threw ${o.crash}`);
            continue;
          }
          const parsed = parseLine(o.line);
          const command = parsed.kind === 'command' ? router.resolve(parsed.name)?.command : undefined;
          if (!o.replies.length) fail(o, 'no reply');
          if (parsed.kind === 'text' && !HINT.includes(o.replies[0] ?? '')) fail(o, `plain text without the hint: ${o.replies[0]}`);
          if (o.replies.some((r) => INTERNAL.includes(r)) || auditOf.get(o.key) === 'error') fail(o, 'internal error');
          for (const word of SLOPPY) {
            if (o.replies.some((r) => r.includes(word)) && !o.line.includes(word) && !typed.has(word)) fail(o, `reply shows "${word}": ${o.replies.join(' | ').slice(0, 300)}`);
          }
          const succeeded = auditOf.get(o.key) === 'ok' && command?.changesState === true;
          if (o.writes.length && !succeeded) fail(o, `wrote ${[...new Set(o.writes)].join(', ')} without succeeding (reply: ${o.replies.join(' | ').slice(0, 200)})`);
          if (succeeded) for (const c of o.writes) explained.add(c);
          // Stored text is shown later: a word typed into something that succeeded may come back.
          if (succeeded) for (const word of SLOPPY) if (o.line.includes(word)) typed.add(word);
          if (succeeded) tally.succeeded++;
          if (o.writes.length) tally.wrote++;
          if (command) tally.commands++;
          const kind = (o.replies[0] ?? '').slice(0, 10);
          kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        }
        const unexplained = changedCollections(before, after).filter((c) => !explained.has(c));
        if (unexplained.length) failures.push(`lines ${start}–${start + batch.length - 1} changed ${unexplained.join(', ')} though no line that succeeded wrote there`);
      }
    } finally {
      watch.stop();
    }
    expect(failures.slice(0, 25), `seed ${SEED}: ${failures.length} failures`).toEqual([]);
    console.log('DEBUG', tally, [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 60));
  });
});
