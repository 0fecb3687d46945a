import { afterAll, beforeAll } from 'vitest';
import type { CommandSpec } from '../../src/core/command.js';
import { parseLine } from '../../src/core/commandLine.js';
import { dispatch, eventKeyOf } from '../../src/core/dispatch.js';
import type { Role } from '../../src/core/roles.js';
import type { CommandRouter } from '../../src/core/router.js';
import type { InboundMessage } from '../../src/core/types.js';
import { MSG } from '../../src/i18n/messages.js';
import { seededRandom } from '../../src/seed/names.js';
import { AuditLogModel } from '../../src/store/models/auditLog.js';
import { phoneOf, seedSmallDistrict, type Handle } from './fixtures.js';
import { startBot, type Bot } from './platforms.js';
import { BOOKKEEPING, changedCollections, storeSnapshot, WriteWatch } from './writeWatch.js';

/**
 * Command lines a hostile or careless user might type, from a seed, so a failure reproduces: random
 * Unicode, very long lines, injection-looking text, unbalanced quotes, huge numbers, impossible
 * dates, and every command name with garbage arguments.
 */

export const INJECTIONS = [
  '{"$gt": ""}', '{"$ne": null}', '{$where: "1==1"}', '{"$regex": ".*"}', "'; DROP TABLE members; --", '"; db.dropDatabase(); "',
  "' OR '1'='1", '<script>alert(1)</script>', '../../../etc/passwd', '%s%s%s%n', '${process.exit(1)}', '{{7*7}}', '__proto__',
  'constructor', 'prototype', '.*', '(a+)+$', '\\', '\\u0000', '\u0000', 'null', 'true', 'false', '{}', '[]',
  '$gt', '$set', 'identities.0', 'memberships.grid', '@_user_1', '@所有人', '#标签', 'http://127.0.0.1:1/', 'javascript:alert(1)',
];

export const NUMBERS = [
  '0', '-1', '-0', '1e308', '1e-308', '9'.repeat(400), '99999999999999999999', '0x1F', 'Infinity', '-Infinity', '1.5', '0.0000001',
  '１２３', '一百', '١٢٣', '2147483648', '-9007199254740993', '00000000001', '13900000011', '+8613900000011', '139-0000-0011', '1390000001',
];

export const DATES = [
  '2025-02-30', '2025-13-01', '2025-00-10', '0000-00-00', '9999-12-31', '2024-02-29', '2023-02-29', '2026-11-31', '2026-1-1',
  '2026/11/05', '2026年13月', '2026-Q5', '2026-Q0', '2026Q4', '今天', '明天', '昨天', '后天', '25:61', '24:00', '23:59', '-1:00',
  '9:00', '13:30-15:00', '签到=99:99-00:00', '签到=15:00-13:30', '21:00-08:00', '08:00-21:00', '1970-01-01', '2100-02-29',
];

/** Words that mean something somewhere: codes, numbers, names, options, settings. */
export const MEANINGFUL = [
  'OH', 'JS', 'XQ', 'JS-01', 'XQ-01', 'js-01', 'ZZ-99', 'Q-0001', 'Q-1', 'A-0001', 'A-0', 'N-0001', 'N-', 'Q-99999999', '全部', 'all',
  '取消', 'undo', '副', '网格长', '试算', '调整', '提交', '情况', 'draft', 'submit', 'adjust', '月报截止日', '报表期', '免打扰',
  '提醒时间', '通知提醒', '街道=JS', '街道=火星', '级别=9', '行业=工业', '行业=不存在', '--街道', '例会', '培训', '团建', '普法',
  '一组员', '新组员', '区统计员', '未登记', '月报到期', 'report-due', '活动前一小时', 'JS-H', '统计之家',
];

const MENTION_PREFIXES = ['', '', '', '@统计网格助手 ', '@_user_1 ', '　', ' '];
const SLASHES = ['/', '/', '/', '／'];

/** Unicode from every corner: ASCII, CJK, emoji, combining marks, right-to-left, zero-width, controls, lone surrogates. */
const RANGES: Array<[number, number]> = [
  [0x20, 0x7e], [0x4e00, 0x9fff], [0x1f600, 0x1f64f], [0x0300, 0x036f], [0x0590, 0x05ff], [0x0600, 0x06ff],
  [0x200b, 0x200f], [0x0000, 0x001f], [0xd800, 0xdfff], [0xff01, 0xff5e], [0x3000, 0x303f], [0xfff0, 0xffff],
];

export class HostileInput {
  private readonly random: () => number;

  constructor(
    seed: number,
    /** Every command name the router knows, Chinese and English. */
    private readonly commandNames: string[],
  ) {
    this.random = seededRandom(seed);
  }

  private int(n: number): number {
    return Math.floor(this.random() * n);
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  randomText(maxLength: number): string {
    const length = this.int(maxLength + 1);
    let s = '';
    for (let i = 0; i < length; i++) {
      const [lo, hi] = this.pick(RANGES);
      s += String.fromCodePoint(lo + this.int(hi - lo + 1));
    }
    return s;
  }

  private garbageWord(): string {
    switch (this.int(9)) {
      case 0: return this.pick(INJECTIONS);
      case 1: return this.pick(NUMBERS);
      case 2: return this.pick(DATES);
      case 3:
      case 4: return this.pick(MEANINGFUL);
      case 5: return `"${this.randomText(12)}"`;
      case 6: return `“${this.pick(MEANINGFUL)} ${this.pick(DATES)}”`;
      case 7: return this.randomText(3000).replace(/\s/g, '');
      default: return this.randomText(10).replace(/\s/g, '_') || '_';
    }
  }

  private prefix(): string {
    return this.pick(MENTION_PREFIXES) + this.pick(SLASHES);
  }

  /** The next line: mostly known commands with garbage arguments, the rest every other kind of mess. */
  next(): string {
    const roll = this.int(100);
    if (roll < 55) {
      const args = Array.from({ length: this.int(6) }, () => this.garbageWord());
      // Now and then a quote left open.
      if (args.length && this.int(10) === 0) args[this.int(args.length)] = `${this.pick(['"', "'", '“', '「'])}${this.pick([...INJECTIONS, ...MEANINGFUL])}`;
      return `${this.prefix()}${this.pick(this.commandNames)}${args.length ? ' ' : ''}${args.join(this.pick([' ', '  ', '\t', '　']))}`;
    }
    if (roll < 63) return `${this.prefix()}${this.randomText(20)}`; // unknown command
    if (roll < 71) return this.pick(['', ' ', '/', '／', '//', '/ /', '@统计网格助手', '@_user_1 ', '/\u200b', '\u200b', '\n\n', '/\n帮助']);
    if (roll < 79) return this.randomText(60).replace(/^[/／@\s]+/, '') || '你好'; // plain text for the bot
    if (roll < 86) {
      const long = this.pick(['x', '问', '😀', '"', '/', ' ', 'Q-0001 '] as const).repeat(5000 + this.int(45_000));
      return this.int(2) ? `${this.prefix()}${this.pick(this.commandNames)} ${long}` : long;
    }
    if (roll < 93) return `${this.prefix()}${this.pick(this.commandNames)} ${this.pick(INJECTIONS)} ${this.pick(INJECTIONS)}`;
    return `${this.prefix()}${this.pick(this.commandNames)} ${this.pick(DATES)} ${this.pick(NUMBERS)} ${this.garbageWord()}`;
  }
}

/** One line as it went: what the bot said back and which domain collections it wrote. */
export interface Outcome {
  label: string;
  line: string;
  /** The event key (`platform:eventId`): its audit entry tells whether the command succeeded. */
  key: string;
  replies: string[];
  writes: string[];
  crash?: string;
}

const INTERNAL = [MSG.internalError['zh-CN'], MSG.internalError.en];
const HINT = [MSG.notACommand['zh-CN'], MSG.notACommand.en];
/** What sloppy formatting shows; a reply may contain it only when someone typed it. */
const SLOPPY = ['undefined', 'NaN', '[object Object]', 'Invalid Date', 'function '];

/**
 * Judges lines that ran: none may crash, each needs a reply (plain text the hint), none may be an
 * internal error, and none may write unless it was a valid command that succeeded (its audit entry
 * says "ok"). With a snapshot from before, the database itself must show no change that no
 * succeeding line explains.
 */
export class HostileJudge {
  readonly failures: string[] = [];
  /** Words typed into something that succeeded: stored text may show them later. */
  private readonly typed = new Set<string>();

  constructor(private readonly router: CommandRouter) {}

  async judge(outcomes: Outcome[], before?: Map<string, string>): Promise<void> {
    // Only lines that wrote need their audit entry looked up; an internal error shows in the reply.
    const wrote = outcomes.filter((o) => o.writes.length).map((o) => o.key);
    const ok = new Set((await AuditLogModel.find({ eventKey: { $in: wrote }, result: 'ok' }, { eventKey: 1 }).lean()).map((a) => a.eventKey));
    const explained = new Set<string>();
    for (const o of outcomes) {
      const fail = (why: string) => this.failures.push(`${o.label} ${why}: ${JSON.stringify(o.line.slice(0, 160))}`);
      if (o.crash) {
        fail(`threw ${o.crash}`);
        continue;
      }
      const parsed = parseLine(o.line);
      const command = parsed.kind === 'command' ? this.router.resolve(parsed.name)?.command : undefined;
      const shown = o.replies.join(' | ').slice(0, 240);
      if (!o.replies.length) fail('no reply');
      if (parsed.kind === 'text' && !HINT.some((h) => o.replies[0]?.includes(h))) fail(`plain text without the hint: ${shown}`);
      if (o.replies.some((r) => INTERNAL.some((e) => r.includes(e)))) fail('internal error');
      for (const word of SLOPPY) if (o.replies.some((r) => r.includes(word)) && !o.line.includes(word) && !this.typed.has(word)) fail(`reply shows "${word}": ${shown}`);
      if (!o.writes.length) continue;
      if (!ok.has(o.key) || !command?.changesState) {
        fail(`wrote ${[...new Set(o.writes)].join(', ')} without succeeding (reply: ${shown})`);
        continue;
      }
      for (const c of o.writes) explained.add(c);
      for (const word of SLOPPY) if (o.line.includes(word)) this.typed.add(word);
    }
    if (!before) return;
    const unexplained = changedCollections(before, await storeSnapshot()).filter((c) => !explained.has(c));
    if (unexplained.length) this.failures.push(`${outcomes[0]?.label}… changed ${unexplained.join(', ')}, where no line that succeeded wrote`);
  }
}

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
    const BATCH = 250;
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

/** The seed and count a hostile-input file uses (HOSTILE_SEED and HOSTILE_COUNT replay or vary them). */
export const HOSTILE_SEED = Number(process.env.HOSTILE_SEED ?? 20_261_126);
export const HOSTILE_COUNT = Number(process.env.HOSTILE_COUNT ?? 5000);

/** A router session for the file's tests, started before them and closed after. */
export function useRouterSession(): () => RouterSession {
  let session: RouterSession | undefined;
  beforeAll(async () => {
    session = await RouterSession.start();
  }, 60_000);
  afterAll(() => session?.close());
  return () => session!;
}
