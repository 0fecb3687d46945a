import { afterAll, beforeAll } from 'vitest';
import type { CommandSpec } from '../../src/core/command.js';
import { parseLine } from '../../src/core/commandLine.js';
import { dispatch, eventKeyOf } from '../../src/core/dispatch.js';
import type { Role } from '../../src/core/roles.js';
import type { CommandRouter } from '../../src/core/router.js';
import type { InboundMessage } from '../../src/core/types.js';
import { seededRandom } from '../../src/seed/names.js';
import { phoneOf, seedSmallDistrict, type Handle } from './fixtures.js';
import { HostileInput } from './hostileInput.js';
import { HostileJudge, type Outcome } from './hostileJudge.js';
import { startBot, type Bot } from './platforms.js';
import { BOOKKEEPING, storeSnapshot, WriteWatch } from './writeWatch.js';

export interface Caller {
  senderId: string;
  chatId: string;
  chatType: 'group' | 'p2p';
}

const chats: Array<Pick<Caller, 'chatId' | 'chatType'>> = [
  { chatId: 'JS-01', chatType: 'group' }, { chatId: 'XQ-01', chatType: 'group' }, { chatId: 'JS', chatType: 'group' },
  { chatId: 'OH', chatType: 'group' }, { chatId: 'nowhere', chatType: 'group' }, { chatId: 'p2p', chatType: 'p2p' },
];
/** Every rank (a stranger too) in every kind of chat: bound groups of each level, an unbound group, a private chat. */
export const CALLERS: Caller[] = [...(['member1', 'deputy1', 'leader1', 'streetJS', 'bureau', 'memberXQ'] as Handle[]).map(phoneOf), 'stranger']
  .flatMap((senderId) => chats.map((c) => ({ senderId, ...c })));

/** Someone a command's least role lets through (in a group, for commands that need one), to get past the door. */
export const ENTITLED: Record<Role, Caller> = {
  anyone: { senderId: 'stranger', chatId: 'JS-01', chatType: 'group' },
  registered: { senderId: phoneOf('member1'), chatId: 'p2p', chatType: 'p2p' },
  member: { senderId: phoneOf('member1'), chatId: 'JS-01', chatType: 'group' },
  deputy: { senderId: phoneOf('deputy1'), chatId: 'JS-01', chatType: 'group' },
  leader: { senderId: phoneOf('leader1'), chatId: 'JS-01', chatType: 'group' },
  streetAdmin: { senderId: phoneOf('streetJS'), chatId: 'JS', chatType: 'group' },
  bureauAdmin: { senderId: phoneOf('bureau'), chatId: 'OH', chatType: 'group' },
};

/**
 * A bot without workers or platforms (what lines queue waits in Redis and writes nothing), on the
 * small district with something for lines to hit, taking lines straight through the router.
 */
export class RouterSession {
  private seq = 0;

  private constructor(
    readonly bot: Bot,
    private readonly watch: WriteWatch,
  ) {}

  static async start(): Promise<RouterSession> {
    const session = new RouterSession(await startBot({ workers: false, env: { REMINDERS: 'off' } }), new WriteWatch());
    await seedSmallDistrict();
    // Activities, problems (one answered), a notice, a report, an assessment draft.
    const scene: Array<[string, Handle, string, RegExp]> = [
      ['/活动 例会 明天 14:30 会议室 季度例会', 'leader1', 'JS-01', /A-0001/],
      ['/活动 培训 明天 9:00 新桥会议室 新桥培训', 'leaderXQ', 'XQ-01', /A-0002/],
      ['/问题 报表什么时候截止？', 'member1', 'JS-01', /Q-0001/],
      ['/问题 新桥的问题', 'memberXQ', 'XQ-01', /Q-0002/],
      ['/答复 Q-0001 每月5日前。', 'leader1', 'JS-01', /Q-0001/],
      ['/通知 街道=JS 请按时报送月报', 'bureau', 'OH', /N-0001/],
      ['/月报 本月正常', 'leader1', 'JS-01', /月度汇报/],
      ['/考核 试算', 'streetJS', 'JS', /试算|参评/],
    ];
    for (const [line, as, chatId, expected] of scene) {
      const [o] = await session.run([{ label: 'scene', line, caller: { senderId: phoneOf(as), chatId, chatType: 'group' } }]);
      if (!o || !expected.test(o.replies.join('\n'))) throw new Error(`setting the scene: ${line} got ${o?.replies.join(' | ') ?? o?.crash}`);
    }
    return session;
  }

  get router(): CommandRouter {
    return this.bot.app.router;
  }

  /**
   * Lines one after another, each watched. (One at a time: FerretDB serves them no faster in
   * parallel, and two lines racing for one problem would blur whose write was whose.)
   */
  async run(lines: Array<{ label: string; line: string; caller: Caller }>): Promise<Outcome[]> {
    const out: Outcome[] = [];
    for (const { label, line, caller } of lines) {
      const msg: InboundMessage = { platform: 'console', eventId: `h${this.seq++}`, text: line, addressedToBot: true, receivedAt: Date.now(), ...caller };
      const o: Outcome = { label: `${label} as ${caller.senderId} in ${caller.chatId}`, line, key: eventKeyOf(msg), replies: [], writes: [] };
      try {
        const { value, writes } = await this.watch.run(() => dispatch(msg, this.bot.app.router, this.bot.app.services));
        o.replies = value.map((m) => m.text);
        o.writes = writes.filter((c) => !BOOKKEEPING.has(c));
      } catch (err) {
        o.crash = String(err);
      }
      out.push(o);
    }
    return out;
  }

  /** Generated lines in batches, each judged with a database snapshot from before it. */
  async runGenerated(o: { seed: number; count: number; callerFor: (command: CommandSpec | undefined, random: () => number) => Caller }): Promise<string[]> {
    const input = new HostileInput(o.seed, this.router.commands.flatMap((c) => [c.name, ...c.zh]));
    const random = seededRandom(o.seed + 1);
    const judge = new HostileJudge(this.router);
    const BATCH = 500;
    for (let start = 0; start < o.count; start += BATCH) {
      const lines = Array.from({ length: Math.min(BATCH, o.count - start) }, (_, k) => {
        const line = input.next();
        const parsed = parseLine(line);
        return { label: `#${start + k}`, line, caller: o.callerFor(parsed.kind === 'command' ? this.router.resolve(parsed.name)?.command : undefined, random) };
      });
      const before = await storeSnapshot();
      await judge.judge(await this.run(lines), before);
    }
    return judge.failures;
  }

  async close(): Promise<void> {
    this.watch.stop();
    await this.bot.close();
  }
}

/** A router session for the file's tests, started before them and closed after. */
export function useRouterSession(): () => RouterSession {
  let session: RouterSession | undefined;
  beforeAll(async () => {
    session = await RouterSession.start();
  }, 60_000);
  afterAll(() => session?.close());
  return () => session!;
}
