/**
 * Commands: simulated members of many grids send a realistic mix of commands in their groups
 * through the fake Lark and the fake DingTalk (the real SDK connections, real Redis and FerretDB);
 * latency is event sent by the fake → reply received by the fake. Measured for the bot as deployed
 * (`src/main.ts` in its own process) and for an echo bot on the same adapters and senders
 * (`lib/echoBot.ts`), at saturation (closed loop) and at a fixed offered load (open loop).
 *
 *   npx tsx bench/commands.ts [--grids 1000] [--members 10] [--rate 200] [--seconds 20] [--saturation 4000] [--concurrency 200]
 *                             [--mix /帮助,/我的]   (other commands, in equal shares, instead of the day's mix)
 *
 * Send limits: each reply goes to its own group, and the load visits the groups in turn, so with
 * 1,000 groups a platform each at 200 commands/s a group gets one command every 10 s: inside
 * Lark's 5/s per chat and DingTalk's 20/min per chat, which both the fakes and the bot keep as
 * published. The per-app limits (Lark 50/s and 1,000/min, DingTalk 20/s) would cap one app at
 * about 37 replies/s whatever the bot does, so here they are raised in the fakes and in the bot
 * alike; the broadcast benchmark measures the bot against them.
 */
import { parseArgs } from 'node:util';
import { DingTalkFake } from '../tests/fakes/dingtalkFake.js';
import { LarkFake } from '../tests/fakes/larkFake.js';
import { initLogger } from '../src/logger.js';
import { connectStore, disconnectStore } from '../src/store/connect.js';
import { BOT_ENTRY, ECHO_ENTRY, botConnected, botEnv, spawnBot } from './lib/botProcess.js';
import { seedDistrict } from './lib/district.js';
import { allLatencies, closedLoop, dingtalkEndpoint, larkEndpoint, openLoop, Traffic, type LoadResult } from './lib/load.js';
import { atLeast, atMost, runSection, type Row } from './lib/report.js';
import { CpuMeter, servicePid, withServices, type BenchServices } from './lib/services.js';
import { spread } from './lib/stats.js';

const { values } = parseArgs({
  options: {
    grids: { type: 'string', default: '1000' },
    members: { type: 'string', default: '10' },
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '20' },
    saturation: { type: 'string', default: '4000' },
    concurrency: { type: 'string', default: '200' },
    mix: { type: 'string' },
  },
});
const GRIDS = Number(values.grids);
const MEMBERS = Number(values.members);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const SATURATION = Number(values.saturation);
const CONCURRENCY = Number(values.concurrency);
const WARM_UP = 100;
/** Longest a closed-loop run issues commands, and longest any run waits for its last answers. */
const LIMIT_MS = 30_000;
const DRAIN_MS = 30_000;

/** What a grid group sends in a day, by share: who am I, check-in, directory, problems, help, returns filed, a typo. */
const DAY_MIX: Array<[string, number]> = [['/我的', 4], ['/签到', 3], ['/通讯录', 3], ['/问题列表', 3], ['/帮助', 3], ['/已报', 3], ['/签道', 1]];
const MIX: Array<[string, number]> = values.mix ? values.mix.split(',').map((text): [string, number] => [text.trim(), 1]) : DAY_MIX;
const MIX_CYCLE = MIX.flatMap(([text, share]) => Array<string>(share).fill(text));
const mixText = (i: number) => MIX_CYCLE[i % MIX_CYCLE.length]!;

const UNLIMITED = 1_000_000;
const LIMITS_ENV = {
  LARK_APP_SENDS_PER_SECOND: String(UNLIMITED),
  LARK_APP_SENDS_PER_MINUTE: String(UNLIMITED),
  LARK_CHAT_SENDS_PER_SECOND: '5',
  DINGTALK_APP_SENDS_PER_SECOND: String(UNLIMITED),
  DINGTALK_CHAT_SENDS_PER_MINUTE: '20',
};

interface Phase {
  saturation: LoadResult;
  fixed: LoadResult;
}

/** Starts fresh fakes and the bot in `entry`, warms it up, then measures saturation and the fixed load. */
async function measure(label: string, entry: string, services: BenchServices): Promise<Phase> {
  const lark = await LarkFake.start({ limits: { appPerSecond: UNLIMITED, appPerMinute: UNLIMITED, chatPerSecond: 5 } });
  const dingtalk = await DingTalkFake.start({ limits: { apiPerSecond: UNLIMITED, webhookPerMinute: 20 } });
  const bot = spawnBot(entry, botEnv(services, { lark, dingtalk }, LIMITS_ENV));
  try {
    await botConnected(bot, [lark, dingtalk]);
    const traffic = new Traffic([larkEndpoint(lark), dingtalkEndpoint(dingtalk)], GRIDS, MEMBERS, mixText);
    await closedLoop(traffic, 20, WARM_UP, 120_000, DRAIN_MS);
    const cpu = new CpuMeter([['bot', bot.pid], ['FerretDB', servicePid(services.mongo)], ['Redis', servicePid(services.redis)], ['fakes and load', process.pid]]);
    cpu.start();
    const saturation = await closedLoop(traffic, CONCURRENCY, SATURATION, LIMIT_MS, DRAIN_MS);
    log(label, `saturation, ${CONCURRENCY} outstanding`, saturation);
    console.log(`  ${label}: CPU ms per command at saturation: ${cpu.perUnit(saturation.answered)}`);
    const fixed = await openLoop(traffic, RATE, SECONDS * 1000, DRAIN_MS);
    log(label, `${RATE}/s offered for ${SECONDS} s`, fixed);
    const throttled = lark.counters.throttled + dingtalk.counters.throttled;
    if (throttled) console.log(`  ${label}: the fakes throttled ${throttled} sends`);
    return { saturation, fixed };
  } finally {
    await bot.stop();
    await Promise.all([lark.close(), dingtalk.close()]);
  }
}

function log(label: string, what: string, r: LoadResult): void {
  const per = Object.entries(r.latencies).map(([p, l]) => {
    const s = spread(l);
    return `${p} median ${s.median} ms p99 ${s.p99} ms`;
  });
  console.log(`  ${label}, ${what}: ${r.answered}/${r.sent} answered, ${Math.round(r.perSecond)}/s; ${per.join('; ')}`);
}

const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
const withUnit = (f: { value: number | string; unit: string }) => `${f.value} ${f.unit}`.trim();

/**
 * A run's latency at quantile q, counting commands never answered (within the drain time) as the
 * latest of all: when they reach the quantile, the figure is only a lower bound.
 */
const latency = (r: LoadResult) => {
  const sorted = allLatencies(r).sort((a, b) => a - b);
  const unanswered = r.sent - r.answered;
  return (q: number): { value: number | string; unit: string } => {
    const rank = Math.max(1, Math.ceil(q * r.sent));
    if (rank <= sorted.length) return { value: sorted[rank - 1]!, unit: 'ms' };
    return { value: `> ${DRAIN_MS / 1000} s (${unanswered.toLocaleString('en-US')} unanswered)`, unit: '' };
  };
};

runSection(async () => {
  initLogger('error');
  return withServices({ mongo: true, redis: true }, async (services) => {
    await connectStore(services.mongoUri);
    const seeded = await seedDistrict({ grids: GRIDS, perStreet: 100, members: MEMBERS, platforms: ['lark', 'dingtalk'], activities: true });
    await disconnectStore();
    const district = `${GRIDS.toLocaleString('en-US')} grids × ${MEMBERS} members (${seeded.members.toLocaleString('en-US')}), a group each on Lark and DingTalk`;
    console.log(`Commands: ${district}; mix ${MIX.map(([t, s]) => `${t} ${s}`).join(', ')} (shares of ${MIX_CYCLE.length}); ${services.database}`);

    const echo = await measure('echo', ECHO_ENTRY, services);
    const full = await measure('full bot', BOT_ENTRY, services);

    const section = 'Commands';
    const groups = `${GRIDS.toLocaleString('en-US')} groups a platform, ${(seeded.members - 1).toLocaleString('en-US')} members`;
    const satSize = (r: LoadResult) => `${r.sent.toLocaleString('en-US')} commands (at most ${SATURATION.toLocaleString('en-US')} or ${LIMIT_MS / 1000} s), ${CONCURRENCY} outstanding; ${groups}`;
    const fixedSize = (r: LoadResult) => `${r.sent.toLocaleString('en-US')} commands in ${SECONDS} s, ${r.answered.toLocaleString('en-US')} answered; ${groups}`;
    const rows: Row[] = [];
    for (const [who, phase] of [['echo', echo], ['full bot', full]] as const) {
      const sat = latency(phase.saturation);
      const fixed = latency(phase.fixed);
      const p99 = fixed(0.99);
      rows.push(
        { section, measure: `${who}: throughput at saturation`, size: satSize(phase.saturation), value: Math.round(phase.saturation.perSecond), unit: 'commands/s' },
        { section, measure: `${who}: latency at saturation, median / p99`, size: satSize(phase.saturation), value: `${withUnit(sat(0.5))} / ${withUnit(sat(0.99))}`, unit: '' },
        { section, measure: `${who}: throughput at ${RATE}/s offered`, size: fixedSize(phase.fixed), value: Math.round(phase.fixed.perSecond), unit: 'commands/s' },
        { section, measure: `${who}: latency at ${RATE}/s, median`, size: fixedSize(phase.fixed), ...fixed(0.5) },
        { section, measure: `${who}: latency at ${RATE}/s, p99`, size: fixedSize(phase.fixed), ...p99, ...(who === 'full bot' ? atMost(typeof p99.value === 'number' ? p99.value : Infinity, 50, 'ms') : {}) },
        { section, measure: `${who}: latency at ${RATE}/s, max`, size: fixedSize(phase.fixed), ...fixed(1) },
      );
    }
    const throughputRatio = ratio(full.saturation.perSecond, echo.saturation.perSecond);
    const [fullP99, echoP99] = [latency(full.fixed)(0.99).value, latency(echo.fixed)(0.99).value];
    rows.push(
      { section, measure: 'full bot / echo: throughput at saturation', size: satSize(full.saturation), value: throughputRatio, unit: '×', ...atLeast(throughputRatio, 0.5, '×') },
      {
        section, measure: `full bot / echo: p99 at ${RATE}/s`, size: fixedSize(full.fixed),
        ...(typeof fullP99 === 'number' && typeof echoP99 === 'number' ? { value: ratio(fullP99, echoP99), unit: '×' } : { value: 'n/a (unanswered commands)', unit: '' }),
      },
    );
    return rows;
  });
});
