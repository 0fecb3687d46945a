/**
 * Resident memory of the bot (`src/main.ts` in its own process, reminder schedulers on) with GRIDS
 * grids bound to groups (Lark and DingTalk in turn) and MEMBERS people each: RSS once it is up
 * and has planned its reminders, and after a run of commands across the groups; and its peak.
 *
 *   npx tsx bench/memory.ts [--grids 30000] [--members 5] [--commands 500]
 */
import { parseArgs } from 'node:util';
import { initLogger } from '../src/logger.js';
import { connectStore, disconnectStore } from '../src/store/connect.js';
import { DingTalkFake } from '../tests/fakes/dingtalkFake.js';
import { LarkFake } from '../tests/fakes/larkFake.js';
import { BOT_ENTRY, botConnected, botEnv, spawnBot } from './lib/botProcess.js';
import { seedDistrict } from './lib/district.js';
import { closedLoop, dingtalkEndpoint, larkEndpoint, Traffic } from './lib/load.js';
import { atMost, runSection, type Row } from './lib/report.js';
import { withServices } from './lib/services.js';
import { seconds, sleep, toMb } from './lib/stats.js';

const { values } = parseArgs({
  options: { grids: { type: 'string', default: '30000' }, members: { type: 'string', default: '5' }, commands: { type: 'string', default: '500' } },
});
const GRIDS = Number(values.grids);
const MEMBERS = Number(values.members);
const COMMANDS = Number(values.commands);
/** Time for the start-up planning of every reminder kind to settle before the first reading. */
const SETTLE_MS = 15_000;
const MIX = ['/我的', '/帮助', '/问题列表', '/已报', '/通讯录'];

runSection(async () => {
  initLogger('error');
  return withServices({ mongo: true, redis: true }, async (services) => {
    await connectStore(services.mongoUri);
    const seedStart = Date.now();
    const seeded = await seedDistrict({ grids: GRIDS, perStreet: 100, members: MEMBERS, platforms: ['lark', 'dingtalk'], alternate: true });
    await disconnectStore();
    console.log(`Memory: ${GRIDS} grids bound to a group each (Lark and DingTalk in turn), ${seeded.members} members, seeded in ${seconds(Date.now() - seedStart)} s`);

    const lark = await LarkFake.start();
    const dingtalk = await DingTalkFake.start();
    const bot = spawnBot(BOT_ENTRY, botEnv(services, { lark, dingtalk }, { REMINDERS: 'on' }));
    try {
      await botConnected(bot, [lark, dingtalk]);
      await sleep(SETTLE_MS);
      const afterStart = bot.memory();
      // Grids alternate platforms, so grid g is on Lark when even: each endpoint walks its own half.
      const half = Math.floor(GRIDS / 2);
      const onLark = larkEndpoint(lark);
      const onDingTalk = dingtalkEndpoint(dingtalk);
      const traffic = new Traffic(
        [
          { ...onLark, send: (g, m, text) => onLark.send(2 * g, m, text) },
          { ...onDingTalk, send: (g, m, text) => onDingTalk.send(2 * g + 1, m, text) },
        ],
        half,
        MEMBERS,
        (i) => MIX[i % MIX.length]!,
      );
      const run = await closedLoop(traffic, 20, COMMANDS, 60_000, 15_000);
      const afterTraffic = bot.memory();
      console.log(`  ${run.answered}/${run.sent} commands answered at ${run.perSecond.toFixed(1)}/s`);

      const section = 'Memory';
      const size = `${GRIDS.toLocaleString('en-US')} bound grids, ${seeded.members.toLocaleString('en-US')} members`;
      const rows: Row[] = [
        { section, measure: 'bot RSS after start', size, value: toMb(afterStart.rss), unit: 'MB', ...atMost(toMb(afterStart.rss), 300, 'MB') },
        { section, measure: `bot RSS after ${run.answered} commands`, size, value: toMb(afterTraffic.rss), unit: 'MB', ...atMost(toMb(afterTraffic.rss), 300, 'MB') },
        { section, measure: 'bot peak RSS (VmHWM)', size, value: toMb(afterTraffic.peak), unit: 'MB' },
      ];
      return rows;
    } finally {
      await bot.stop();
      await Promise.all([lark.close(), dingtalk.close()]);
    }
  });
});
