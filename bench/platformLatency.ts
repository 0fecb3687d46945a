// Reply latency through the real SDKs and the local platform fakes: event sent by the fake →
// reply received by the fake, over the whole pipeline (adapter, inbox, inbound queue, command,
// outbound queue with the platforms' rate limits, send API).
//
//   npx tsx bench/platformLatency.ts [--commands 1000] [--concurrency 1] [--groups 100] [--members 10]
//
// Each of `concurrency` virtual users sends a command as a random member in that member's group
// and waits for its reply before sending the next. Starts its own FerretDB and Redis.
import { parseArgs } from 'node:util';
import { createApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { initLogger } from '../src/logger.js';
import { startPlatformAdapters } from '../src/platforms/start.js';
import { freshTempDir, startLocalStack } from '../src/services/localServices.js';
import { ChatBindingModel } from '../src/store/models/chatBinding.js';
import { GridModel } from '../src/store/models/grid.js';
import { identityKey, MemberModel } from '../src/store/models/member.js';
import type { FakeReply } from '../tests/fakes/common.js';
import { DingTalkFake } from '../tests/fakes/dingtalkFake.js';
import { LarkFake } from '../tests/fakes/larkFake.js';
import { fakeEnv } from '../tests/fakes/env.js';

const { values } = parseArgs({
  options: {
    commands: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '1' },
    groups: { type: 'string', default: '100' },
    members: { type: 'string', default: '10' },
  },
});
const COMMANDS = Number(values.commands);
const CONCURRENCY = Number(values.concurrency);
const GROUPS = Number(values.groups);
const MEMBERS = Number(values.members);
const WARM_UP = 50;

const larkId = (g: number, m: number) => `ou_bench_${g}_${m}`;
const staffId = (g: number, m: number) => `staff_bench_${g}_${m}`;
const larkChat = (g: number) => `oc_bench_${g}`;
const dingChat = (g: number) => `cidBench${g}`;

async function seed(): Promise<void> {
  await GridModel.insertMany([
    { code: 'BD', name: '基准区', level: 1 },
    { code: 'BS', name: '基准街道', level: 2, parent: 'BD', street: 'BS' },
    ...Array.from({ length: GROUPS }, (_, g) => ({ code: `BS-${g}`, name: `基准网格${g}`, level: 3, industry: '工业', parent: 'BS', street: 'BS' })),
  ]);
  const members = [];
  for (let g = 0; g < GROUPS; g++) {
    for (let m = 0; m < MEMBERS; m++) {
      members.push({
        name: `成员${g}-${m}`,
        phone: `13${String(g * MEMBERS + m).padStart(9, '0')}`,
        unit: `单位${g}-${m}`,
        memberships: [{ grid: `BS-${g}`, role: m === 0 ? 'leader' : 'member' }],
        identities: [identityKey('lark', larkId(g, m)), identityKey('dingtalk', staffId(g, m))],
      });
    }
  }
  await MemberModel.insertMany(members);
  await ChatBindingModel.insertMany(
    Array.from({ length: GROUPS }, (_, g) => [
      { platform: 'lark', chatId: larkChat(g), grid: `BS-${g}` },
      { platform: 'dingtalk', chatId: dingChat(g), grid: `BS-${g}` },
    ]).flat(),
  );
}

type Push = (g: number, m: number) => { messageId: string; sentAt: number };

/** Runs `commands` commands closed-loop and returns each latency in ms. */
async function run(commands: number, push: Push, onReply: (listener: (r: FakeReply) => void) => () => void): Promise<{ latencies: number[]; seconds: number }> {
  const waiting = new Map<string, (r: FakeReply) => void>();
  const stop = onReply((r) => r.inReplyTo && waiting.get(r.inReplyTo)?.(r));
  const latencies: number[] = [];
  let issued = 0;
  const started = Date.now();
  const user = async () => {
    while (issued < commands) {
      issued++;
      const g = Math.floor(Math.random() * GROUPS);
      const m = Math.floor(Math.random() * MEMBERS);
      let pushed!: { messageId: string; sentAt: number };
      const reply = new Promise<FakeReply>((resolve) => {
        pushed = push(g, m);
        waiting.set(pushed.messageId, resolve);
      });
      const r = await reply;
      waiting.delete(pushed.messageId);
      latencies.push(r.receivedAt - pushed.sentAt);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, user));
  stop();
  return { latencies, seconds: (Date.now() - started) / 1000 };
}

/** A short unmeasured warm-up (connections, JIT, caches), then the measured run. */
async function measure(name: string, push: Push, onReply: (listener: (r: FakeReply) => void) => () => void): Promise<void> {
  await run(WARM_UP, push, onReply);
  const { latencies, seconds } = await run(COMMANDS, push, onReply);
  report(name, latencies, seconds);
}

function report(name: string, latencies: number[], seconds: number): void {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const line = { platform: name, commands: sorted.length, concurrency: CONCURRENCY, groups: GROUPS, members: GROUPS * MEMBERS, medianMs: at(0.5), p90Ms: at(0.9), p99Ms: at(0.99), maxMs: sorted.at(-1), perSecond: Math.round(sorted.length / seconds) };
  console.log(JSON.stringify(line));
}

async function main(): Promise<void> {
  initLogger('error');
  const stack = await startLocalStack({ dataDir: freshTempDir('statgrid-bench-'), persistent: false, dbName: 'bench' });
  const lark = await LarkFake.start();
  const dingtalk = await DingTalkFake.start();
  const config = parseConfig({ LOG_LEVEL: 'error', ...fakeEnv({ lark, dingtalk }) });
  const app = await createApp({ config, mongoUri: stack.mongoUri, redisUrl: stack.redisUrl, queuePrefix: 'bench' });
  try {
    await seed();
    const adapters = await startPlatformAdapters(app, config);
    await Promise.all(adapters.map((a) => a.ready));
    await app.startWorkers();
    console.log(`${WARM_UP} commands to warm up, then ${COMMANDS} measured per platform (/我的), ${CONCURRENCY} at a time, ${GROUPS} groups × ${MEMBERS} members`);
    await measure(
      'lark',
      (g, m) => {
        const p = lark.pushText({ from: { openId: larkId(g, m) }, chat: { id: larkChat(g), type: 'group' }, text: '/我的' });
        return { messageId: p.messageId!, sentAt: p.sentAt };
      },
      (l) => lark.replies.onReply(l),
    );
    await measure(
      'dingtalk',
      (g, m) => dingtalk.pushText({ from: { staffId: staffId(g, m) }, chat: { id: dingChat(g), type: 'group' }, text: '/我的' }),
      (l) => dingtalk.replies.onReply(l),
    );
    console.log(JSON.stringify({ lark: lark.counters, dingtalk: dingtalk.counters }));
    await Promise.all(adapters.map((a) => a.stop()));
  } finally {
    await app.close();
    await Promise.all([lark.close(), dingtalk.close()]);
    await stack.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
