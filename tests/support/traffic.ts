import { expect } from 'vitest';
import { ProblemModel } from '../../src/store/models/problem.js';
import type { FakeReply } from '../fakes/common.js';
import type { DingTalkFake } from '../fakes/dingtalkFake.js';
import type { LarkFake } from '../fakes/larkFake.js';
import { PEOPLE, type Handle } from './fixtures.js';
import { platformIdOf } from './platforms.js';
import { waitFor } from './testApp.js';

export type Platform = 'lark' | 'dingtalk';

/** A command a user typed on a fake platform. */
export interface Pushed {
  platform: Platform;
  chatId: string;
  /** The platform's message id: the answer names it (Lark's reply, DingTalk's session webhook). */
  messageId: string;
  text: string;
  at: number;
}

export interface StreamOptions {
  lark?: LarkFake;
  dingtalk?: DingTalkFake;
  /** Group chats on each platform, bound to grids the senders are in. */
  chats: Partial<Record<Platform, string[]>>;
  /** People whose chat accounts are linked on both platforms. */
  senders: Handle[];
}

/**
 * Users typing commands into the fakes, spread over platforms, chats and people, and the answers
 * each one got. An answer is matched to its command by the message it replies to, so keep each
 * DingTalk chat under its 20 messages a minute (past it, replies go through the OpenAPI and name
 * no message).
 */
export class CommandStream {
  readonly pushed: Pushed[] = [];
  private readonly platforms: Platform[];
  private n = 0;

  constructor(private readonly o: StreamOptions) {
    this.platforms = (['lark', 'dingtalk'] as const).filter((p) => o[p] && o.chats[p]?.length);
  }

  /** Types one command, on the next platform, chat and person in turn. */
  push(text: string): Pushed {
    const i = this.n++;
    const platform = this.platforms[i % this.platforms.length]!;
    const chats = this.o.chats[platform]!;
    const chatId = chats[Math.floor(i / this.platforms.length) % chats.length]!;
    const who = this.o.senders[i % this.o.senders.length]!;
    const messageId =
      platform === 'lark'
        ? this.o.lark!.pushText({ from: { openId: platformIdOf('lark', who), name: PEOPLE[who].name }, chat: { id: chatId, type: 'group' }, text }).messageId!
        : this.o.dingtalk!.pushText({ from: { staffId: platformIdOf('dingtalk', who), nick: PEOPLE[who].name }, chat: { id: chatId, type: 'group' }, text }).messageId;
    const p: Pushed = { platform, chatId, messageId, text, at: Date.now() };
    this.pushed.push(p);
    return p;
  }

  /** Types `count` commands made by `line(i)`, one every `everyMs`. */
  async run(count: number, everyMs: number, line: (i: number) => string): Promise<Pushed[]> {
    const mine: Pushed[] = [];
    for (let i = 0; i < count; i++) {
      mine.push(this.push(line(i)));
      await new Promise((r) => setTimeout(r, everyMs));
    }
    return mine;
  }

  /** Every message the bot sent answering this command. */
  answers(p: Pushed): FakeReply[] {
    return this.book(p.platform).in(p.chatId).filter((r) => r.inReplyTo === p.messageId);
  }

  unanswered(from: Pushed[] = this.pushed): Pushed[] {
    return from.filter((p) => this.answers(p).length === 0);
  }

  /** Commands answered more than once, with how often. */
  answeredTwice(from: Pushed[] = this.pushed): Array<{ pushed: Pushed; answers: FakeReply[] }> {
    return from.map((pushed) => ({ pushed, answers: this.answers(pushed) })).filter((a) => a.answers.length > 1);
  }

  /** Waits until every command so far has an answer, or `timeoutMs` passed: the test then asserts `unanswered()`. */
  async settle(timeoutMs: number): Promise<void> {
    await waitFor(() => this.unanswered().length === 0, timeoutMs).catch(() => undefined);
  }

  /**
   * Every command so far answered, then, after `quietMs` more for late repeats to show, none
   * answered twice.
   */
  async expectEachAnsweredOnce(timeoutMs: number, quietMs: number): Promise<void> {
    await this.settle(timeoutMs);
    expect(this.unanswered()).toEqual([]);
    await new Promise((r) => setTimeout(r, quietMs));
    expect(this.answeredTwice().map((t) => t.pushed.text)).toEqual([]);
  }

  /** The problem texts typed with `/问题`, and the problems stored with those texts (each should be there once). */
  async raisedProblems(): Promise<{ typed: string[]; stored: Array<{ text: string; number: number }> }> {
    const typed = this.pushed.filter((p) => p.text.startsWith('/问题 ')).map((p) => p.text.slice('/问题 '.length));
    const stored = await ProblemModel.find({ text: { $in: typed } }, { text: 1, number: 1 }).lean();
    return { typed, stored };
  }

  private book(platform: Platform) {
    return platform === 'lark' ? this.o.lark!.replies : this.o.dingtalk!.replies;
  }
}
