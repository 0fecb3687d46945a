import { randomUUID } from 'node:crypto';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { App } from '../../app.js';
import { ManualClock, OffsetClock } from '../../core/clock.js';
import { loadJobs } from '../../core/loadModules.js';
import { formatWhen, parseWhen } from '../../domain/when.js';
import type { OutboundMessage } from '../../core/types.js';
import type { PlatformSender } from '../../outbound/sender.js';
import { GridModel } from '../../store/models/grid.js';
import { MemberModel } from '../../store/models/member.js';
import { GRID_ROLE_NAMES } from '../../i18n/domainNames.js';
import type { GridRole } from '../../store/models/member.js';
import { ConsoleSignIn } from '../../web/signIn.js';

export const CONSOLE_PLATFORM = 'console';
const BOT_NAME = '统计网格助手';

interface Persona {
  name: string;
  phone: string;
}

const CONSOLE_HELP = [
  '本地控制台聊天：直接输入命令与机器人对话，例如 /帮助。',
  '  :as 姓名或手机号   以某人身份发言（不带参数：列出本群成员）',
  '  :group            列出我所在的群；:group 网格编号 切换到该群',
  '  :who              我是谁、在哪个群',
  '  :web              网页后台的地址（登录链接用 /后台 获取）',
  '  :time [+2d|+3h|日期 时间]  查看或拨快演示时钟，到期的升级和提醒随即执行',
  '  :quit             退出',
].join('\n');

/**
 * The embedded default platform: a terminal chat where the user speaks as any demo person in any
 * grid's group. It is a real adapter: lines become events through the inbox, replies arrive through
 * the outbound queue like on DingTalk or Lark.
 */
export class ConsoleChat implements PlatformSender {
  private persona?: Persona;
  private group?: { code: string; name: string };
  private rl?: Interface;
  private readonly groupNames = new Map<string, string>();
  /** Lines are handled one after another, each waiting for its replies, so a transcript reads in order. */
  private pending: Promise<void> = Promise.resolve();
  readonly closed: Promise<void>;
  private markClosed!: () => void;

  constructor(
    private readonly app: App,
    private readonly input: Readable,
    private readonly output: Writable,
  ) {
    this.closed = new Promise((resolve) => (this.markClosed = resolve));
  }

  private print(line: string): void {
    this.output.write(`${line}\n`);
  }

  private prompt(): void {
    if (this.rl) {
      this.rl.setPrompt(`${this.persona?.name ?? '?'}@${this.group?.name ?? '?'}> `);
      this.rl.prompt();
    }
  }

  async start(): Promise<void> {
    // Start as the leader of the first level-3 grid, in that grid's group.
    const grid = await GridModel.findOne({ level: 3 }, { code: 1 }).sort({ code: 1 }).lean();
    const people = grid ? await MemberModel.find({ 'memberships.grid': grid.code }, { name: 1, phone: 1, memberships: 1 }).lean() : [];
    const leader = people.find((p) => p.memberships.some((m) => m.grid === grid!.code && m.role === 'leader'));
    if (grid && leader) {
      this.persona = { name: leader.name, phone: leader.phone };
      await this.switchGroup(grid.code);
    }
    this.print(CONSOLE_HELP);
    this.print(`当前身份：${this.persona?.name ?? '（无）'}，当前群：${this.group?.name ?? '（无）'}`);
    this.rl = createInterface({ input: this.input, output: this.output, terminal: false });
    this.rl.on('line', (line) => {
      this.pending = this.pending.then(() => this.onLine(line.trim())).catch((err) => this.print(`出错：${String(err)}`));
    });
    this.rl.on('close', () => void this.pending.then(() => this.markClosed()));
    this.prompt();
  }

  stop(): void {
    this.rl?.close();
  }

  private async onLine(line: string): Promise<void> {
    if (!line) return this.prompt();
    if (line.startsWith(':')) {
      await this.consoleCommand(line);
      return this.prompt();
    }
    if (!this.persona || !this.group) {
      this.print('请先用 :as 选择身份、:group 选择群。');
      return this.prompt();
    }
    await this.app.inbox.accept({
      platform: CONSOLE_PLATFORM,
      eventId: randomUUID(),
      chatId: this.group.code,
      chatType: 'group',
      chatTitle: this.group.name,
      senderId: this.persona.phone,
      senderName: this.persona.name,
      text: line,
      addressedToBot: true,
      receivedAt: Date.now(),
    });
    await this.waitForQuiet();
  }

  /** Waits (at most 10 s) until the queues (by default inbound and outbound) have nothing left to do. */
  private async waitForQuiet(queues = ['inbound', 'outbound']): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const counts = await Promise.all(
        queues.map((q) => this.app.queue(q).getJobCounts('waiting', 'active', 'prioritized', 'wait')),
      );
      if (counts.every((c) => Object.values(c).every((n) => n === 0))) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private async consoleCommand(line: string): Promise<void> {
    const [cmd, ...rest] = line.split(/\s+/);
    const arg = rest.join(' ');
    switch (cmd) {
      case ':quit':
      case ':exit':
        return this.stop();
      case ':who':
        return this.print(`身份：${this.persona?.name ?? '（无）'}；群：${this.group?.name ?? '（无）'}（${this.group?.code ?? '-'}）`);
      case ':as':
        return arg ? this.switchPersona(arg) : this.listGroupPeople();
      case ':group':
        return arg ? this.switchGroup(arg) : this.listGroups();
      case ':time':
        return this.moveTime(arg);
      case ':web':
        return this.print(await this.webAddress());
      default:
        return this.print(CONSOLE_HELP);
    }
  }

  /**
   * The demo clock: shown, or moved forward ("+2d", "+3h", "+30m", or a China date and time). Then
   * every delayed job runs at once; each one judges by the clock whether it is due, and waits again if not.
   */
  private async moveTime(arg: string): Promise<void> {
    const clock = this.app.services.clock;
    if (!(clock instanceof OffsetClock || clock instanceof ManualClock)) return this.print('这里的时间不能调整。');
    if (arg) {
      const step = /^\+(\d{1,4})([dhm])$/i.exec(arg);
      const target = step ? undefined : parseWhen(arg, clock.now());
      const ms = step ? Number(step[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[step[2]!.toLowerCase() as 'd' | 'h' | 'm'] : target ? target.at.getTime() - clock.now().getTime() : NaN;
      if (!(ms > 0)) return this.print('用法：:time +2d（天）、+3h（小时）、+30m（分钟），或 :time 明天上午9点、:time 2026-12-08 10:00（只能往后调）');
      clock.advance(ms);
      const queues = [...new Set((await loadJobs()).map((j) => j.queue))];
      for (const name of queues) await Promise.all((await this.app.queue(name).getDelayed()).map((j) => j.promote().catch(() => undefined)));
      await this.waitForQuiet(queues);
    }
    this.print(`演示时间：${formatWhen(clock.now(), clock.now())}`);
  }

  private async webAddress(): Promise<string> {
    const { config, redis, queuePrefix } = this.app.services;
    const url = config.WEB_PUBLIC_URL ?? (await new ConsoleSignIn(redis, queuePrefix).announcedUrl());
    return url ? `网页后台：${url}（发送 /后台 获取私信登录链接）` : '网页后台没有运行。';
  }

  private async switchPersona(who: string): Promise<void> {
    const found = await MemberModel.find({ $or: [{ name: who }, { phone: who }] }, { name: 1, phone: 1, unit: 1 }).limit(10).lean();
    if (found.length === 0) return this.print(`找不到「${who}」。输入 :as 列出本群成员。`);
    if (found.length > 1) {
      return this.print(`有多人叫「${who}」，请用手机号：\n${found.map((m) => `  ${m.name} ${m.phone} ${m.unit}`).join('\n')}`);
    }
    this.persona = { name: found[0]!.name, phone: found[0]!.phone };
    this.print(`现在以 ${this.persona.name}（${found[0]!.unit}）的身份发言。`);
  }

  private async listGroupPeople(): Promise<void> {
    if (!this.group) return this.print('请先用 :group 选择群。');
    const people = await MemberModel.find({ 'memberships.grid': this.group.code }, { name: 1, phone: 1, memberships: 1 }).lean();
    const rows = people.map((p) => {
      const role = p.memberships.find((m) => m.grid === this.group!.code)!.role as GridRole;
      return `  ${p.name}（${GRID_ROLE_NAMES[role]['zh-CN']}）${p.phone}`;
    });
    this.print(`${this.group.name} 的成员：\n${rows.join('\n')}\n用 :as 姓名 切换身份。`);
  }

  private async listGroups(): Promise<void> {
    const me = this.persona ? await MemberModel.findOne({ phone: this.persona.phone }, { memberships: 1 }).lean() : null;
    const codes = me?.memberships.map((m) => m.grid) ?? [];
    const grids = await GridModel.find({ code: { $in: codes } }, { code: 1, name: 1 }).lean();
    this.print(`我所在的群：\n${grids.map((g) => `  ${g.code}  ${g.name}`).join('\n') || '  （无）'}\n用 :group 网格编号 切换（任何网格编号都可以）。`);
  }

  private async switchGroup(code: string): Promise<void> {
    const grid = await GridModel.findOne({ code: code.toUpperCase() }, { code: 1, name: 1 }).lean();
    if (!grid) return this.print(`没有编号为 ${code} 的网格。`);
    this.group = { code: grid.code, name: grid.name };
    this.groupNames.set(grid.code, grid.name);
    this.print(`已进入群：${grid.name}（${grid.code}）`);
  }

  private async groupName(code: string): Promise<string> {
    if (!this.groupNames.has(code)) {
      const grid = await GridModel.findOne({ code }, { name: 1 }).lean();
      this.groupNames.set(code, grid?.name ?? code);
    }
    return this.groupNames.get(code)!;
  }

  /** The outbound side: a bot message appears as a group member would see it. */
  async send(msg: OutboundMessage): Promise<void> {
    const where = msg.chatId ? await this.groupName(msg.chatId) : `私信 ${msg.userId ?? ''}`;
    const mentions = msg.mentions?.length ? ` @${msg.mentions.join(' @')}` : '';
    const parts = [`[${where}] ${BOT_NAME}：${msg.title ? `【${msg.title}】\n` : ''}${msg.text}${mentions}`];
    for (const b of msg.buttons ?? []) parts.push(`  [按钮 ${b.label}] → ${b.command}`);
    if (msg.file) parts.push(`  [文件 ${msg.file.name}，${Math.ceil(msg.file.size / 1024)} KB]`);
    this.print(parts.join('\n'));
    this.prompt();
  }
}
