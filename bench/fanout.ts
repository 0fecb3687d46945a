/**
 * Broadcast fan-out: a bureau admin sends `/通知 级别=3 …` in the district group on the fake Lark,
 * and the bot (`src/main.ts`, its own process) sends it to every bound grid group under a platform
 * limit of RATE messages a second per app, kept by the fake as Lark does (HTTP 429, 99991400) and
 * by the bot (LARK_APP_SENDS_PER_SECOND). Reports the time until the last group has it against the
 * floor the limit sets (GROUPS / RATE s), and what the fake saw: duplicates, drops, throttled sends.
 *
 *   npx tsx bench/fanout.ts [--groups 3000] [--rate 50]
 *
 * Lark also limits an app to 1,000 messages a minute; the limit is 50/s alone, so the
 * per-minute window is raised in the fake and the bot alike.
 */
import { parseArgs } from 'node:util';
import { initLogger } from '../src/logger.js';
import { connectStore, disconnectStore } from '../src/store/connect.js';
import { DeadLetterModel } from '../src/store/models/deadLetter.js';
import { LarkFake } from '../tests/fakes/larkFake.js';
import { BOT_ENTRY, botConnected, botEnv, spawnBot } from './lib/botProcess.js';
import { ADMIN, chatOf, seedDistrict, userOf } from './lib/district.js';
import { atMost, runSection, type Row } from './lib/report.js';
import { withServices } from './lib/services.js';
import { seconds, sleep } from './lib/stats.js';

const { values } = parseArgs({ options: { groups: { type: 'string', default: '3000' }, rate: { type: 'string', default: '50' } } });
const GROUPS = Number(values.groups);
const RATE = Number(values.rate);
const UNLIMITED = 1_000_000;
/** After the last group has the notice, how long to keep listening for duplicates. */
const LINGER_MS = 5_000;

runSection(async () => {
  initLogger('error');
  return withServices({ mongo: true, redis: true }, async (services) => {
    await connectStore(services.mongoUri);
    await seedDistrict({ grids: GROUPS, perStreet: 100, members: 0, platforms: ['lark'] });
    const lark = await LarkFake.start({ limits: { appPerSecond: RATE, appPerMinute: UNLIMITED, chatPerSecond: 5 } });
    const bot = spawnBot(BOT_ENTRY, botEnv(services, { lark }, { LARK_APP_SENDS_PER_SECOND: String(RATE), LARK_APP_SENDS_PER_MINUTE: String(UNLIMITED) }));
    try {
      await botConnected(bot, [lark]);
      const admin = { from: { openId: userOf('lark', ADMIN) }, chat: { id: chatOf('lark', ADMIN), type: 'group' as const } };
      // Warm-up: the whole path once, so the notice does not pay for first connections.
      lark.pushText({ ...admin, text: '/我的' });
      await lark.replies.waitFor(chatOf('lark', ADMIN), 1, 120_000);

      const perGroup = new Map<string, number[]>();
      const stop = lark.replies.onReply((r) => {
        if (r.chatId !== chatOf('lark', ADMIN)) perGroup.set(r.chatId, [...(perGroup.get(r.chatId) ?? []), r.receivedAt]);
      });
      const floorS = GROUPS / RATE;
      const sentAt = Date.now();
      lark.pushText({ ...admin, text: '/通知 级别=3 请各网格于本月25日前完成年度统计培训报名。' });
      const deadline = sentAt + floorS * 3000 + 120_000;
      while (perGroup.size < GROUPS && Date.now() < deadline) await sleep(100);
      const lastFirst = Math.max(...[...perGroup.values()].map((times) => times[0]!));
      const firstAny = Math.min(...[...perGroup.values()].map((times) => times[0]!));
      await sleep(LINGER_MS);
      stop();

      const totalS = (lastFirst - sentAt) / 1000;
      const duplicates = [...perGroup.values()].reduce((n, times) => n + times.length - 1, 0);
      const drops = GROUPS - perGroup.size;
      const deadLetters = await DeadLetterModel.countDocuments();
      const ratio = Math.round((totalS / floorS) * 1000) / 1000;
      // Where the time went: stretches of half a second or more without a send (a pause after a 429, a stall).
      const arrivals = [...perGroup.values()].map((t) => t[0]!).sort((a, b) => a - b);
      const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]!).filter((gap) => gap >= 500);
      console.log(`  ${gaps.length} gaps of ≥ 0.5 s between sends, ${seconds(gaps.reduce((a, b) => a + b, 0))} s in all`);
      console.log(
        `Fan-out: ${GROUPS} groups at ${RATE}/s: first group after ${seconds(firstAny - sentAt)} s, last after ${seconds(lastFirst - sentAt)} s ` +
          `(floor ${floorS} s); fake: ${lark.counters.sends} sends, ${lark.counters.throttled} throttled, ${lark.counters.deduplicatedSends} de-duplicated by uuid; ${deadLetters} dead letters`,
      );
      const section = 'Broadcast';
      const size = `${GROUPS.toLocaleString('en-US')} groups, ${RATE}/s per app (floor ${floorS} s)`;
      const rows: Row[] = [
        { section, measure: 'notice to every group: time to the last group', size, value: Math.round(totalS * 10) / 10, unit: 's' },
        { section, measure: 'time / floor set by the limit', size, value: ratio, unit: '×', ...atMost(ratio, 1.05, '×') },
        { section, measure: 'time to the first group', size, value: Math.round(firstAny - sentAt), unit: 'ms' },
        { section, measure: 'duplicates at the fake', size, value: duplicates, unit: '', ...atMost(duplicates, 0, '') },
        { section, measure: 'drops (groups without it)', size, value: drops, unit: '', ...atMost(drops, 0, '') },
        { section, measure: 'sends the fake throttled (429)', size, value: lark.counters.throttled, unit: '' },
      ];
      return rows;
    } finally {
      await bot.stop();
      await lark.close();
      await disconnectStore();
    }
  });
});
