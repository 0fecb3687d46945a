import type { FakeReply } from '../../tests/fakes/common.js';
import type { DingTalkFake } from '../../tests/fakes/dingtalkFake.js';
import type { LarkFake } from '../../tests/fakes/larkFake.js';
import { chatOf, userOf, type ChatPlatform } from './district.js';
import { sleep } from './stats.js';

/** One platform as the load generator sees it: a member types in a grid's group; replies come back. */
export interface Endpoint {
  platform: ChatPlatform;
  /** Member `m` of grid `g` sends `text` in the grid's group; returns the id its reply will carry. */
  send(g: number, m: number, text: string): string;
  onReply(listener: (reply: FakeReply) => void): () => void;
}

export const larkEndpoint = (fake: LarkFake): Endpoint => ({
  platform: 'lark',
  send: (g, m, text) => fake.pushText({ from: { openId: userOf('lark', g, m) }, chat: { id: chatOf('lark', g), type: 'group' }, text }).messageId!,
  onReply: (l) => fake.replies.onReply(l),
});

export const dingtalkEndpoint = (fake: DingTalkFake): Endpoint => ({
  platform: 'dingtalk',
  send: (g, m, text) => fake.pushText({ from: { staffId: userOf('dingtalk', g, m) }, chat: { id: chatOf('dingtalk', g), type: 'group' }, text }).messageId,
  onReply: (l) => fake.replies.onReply(l),
});

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32;
}

/**
 * Who sends what: command i goes to the platforms in turn and, per platform, to the grids in turn
 * (so every group gets the same share and no chat nears its platform's per-chat send limit), from a
 * random member of the grid, with the text `mix` gives for i.
 */
export class Traffic {
  private next = 0;
  private readonly random = seeded(2026);

  constructor(
    readonly endpoints: Endpoint[],
    private readonly grids: number,
    private readonly members: number,
    private readonly mix: (i: number) => string,
  ) {}

  /** Sends the next command; returns its platform and the id its reply will carry. */
  send(): { platform: ChatPlatform; id: string } {
    const i = this.next++;
    const endpoint = this.endpoints[i % this.endpoints.length]!;
    const g = Math.floor(i / this.endpoints.length) % this.grids;
    const id = endpoint.send(g, Math.floor(this.random() * this.members), this.mix(i));
    return { platform: endpoint.platform, id };
  }
}

export interface LoadResult {
  sent: number;
  answered: number;
  /** Event sent → reply received, ms, per platform. */
  latencies: Record<string, number[]>;
  /** Answers per second from the first send to the last answer. */
  perSecond: number;
}

export const allLatencies = (r: LoadResult) => Object.values(r.latencies).flat();

/** Matches replies to the commands they answer (Lark: the replied message; DingTalk: the session's). */
class Stopwatch {
  private readonly waiting = new Map<string, (reply: FakeReply) => void>();
  private readonly stops: Array<() => void>;
  readonly latencies: Record<string, number[]> = {};
  answered = 0;
  lastAnswerAt = 0;

  constructor(endpoints: Endpoint[]) {
    this.stops = endpoints.map((e) => e.onReply((r) => r.inReplyTo && this.waiting.get(r.inReplyTo)?.(r)));
  }

  /** Sends one command and resolves when it is answered (or never). `startedAt` is when it was due. */
  run(traffic: Traffic, startedAt = Date.now()): Promise<void> {
    return new Promise((resolve) => {
      const { platform, id } = traffic.send();
      this.waiting.set(id, (reply) => {
        this.waiting.delete(id);
        (this.latencies[platform] ??= []).push(reply.receivedAt - startedAt);
        this.answered++;
        this.lastAnswerAt = Math.max(this.lastAnswerAt, reply.receivedAt);
        resolve();
      });
    });
  }

  result(sent: number, startedAt: number): LoadResult {
    for (const stop of this.stops) stop();
    return { sent, answered: this.answered, latencies: this.latencies, perSecond: this.answered / (Math.max(1, this.lastAnswerAt - startedAt) / 1000) };
  }
}

/**
 * Open loop: sends at `rate` a second for `durationMs` whether or not replies come (latency is
 * counted from when each command was due, so a late generator cannot hide a slow bot), then waits
 * up to `drainMs` for the last replies. Unanswered commands count as such.
 */
export async function openLoop(traffic: Traffic, rate: number, durationMs: number, drainMs: number): Promise<LoadResult> {
  const watch = new Stopwatch(traffic.endpoints);
  const total = Math.round((rate * durationMs) / 1000);
  const start = Date.now();
  const answers: Array<Promise<void>> = [];
  while (answers.length < total) {
    const due = Math.min(total, Math.floor(((Date.now() - start) * rate) / 1000) + 1);
    while (answers.length < due) answers.push(watch.run(traffic, start + (answers.length * 1000) / rate));
    await sleep(2);
  }
  await Promise.race([Promise.all(answers), sleep(drainMs)]);
  return watch.result(total, start);
}

/**
 * Closed loop: `concurrency` commands always outstanding until `count` were sent or `limitMs`
 * passed; then up to `drainMs` for the last answers, so no backlog is left to the next run.
 */
export async function closedLoop(traffic: Traffic, concurrency: number, count: number, limitMs: number, drainMs: number): Promise<LoadResult> {
  const watch = new Stopwatch(traffic.endpoints);
  const start = Date.now();
  const answers: Array<Promise<void>> = [];
  const user = async () => {
    while (answers.length < count && Date.now() - start < limitMs) {
      const answer = watch.run(traffic);
      answers.push(answer);
      await Promise.race([answer, sleep(limitMs - (Date.now() - start))]);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, user));
  await Promise.race([Promise.all(answers), sleep(drainMs)]);
  return watch.result(answers.length, start);
}
