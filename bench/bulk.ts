/**
 * Private reminders in bulk: the monthly returns reminder (identical words for every member) to
 * LARK + DINGTALK members of level-3 grids, none of whom has filed, run as `/运行提醒 报表 全部`
 * runs it (its job queued on the bot's Redis) by the bot in its own process, against the fakes and
 * their per-app limits (Lark's batch message API 50/s and 1000/min, 200 open_ids a call; DingTalk's
 * batchSend 20/s, 20 userIds a call). The floor is the calls needed over the per-app limit, the
 * platforms in parallel (separate apps): max(Lark calls / 50, DingTalk calls / 20) s while Lark's
 * calls stay within 1,000 a minute. Reports the time until the last member has it, its ratio to the
 * floor, and what the fakes saw: duplicates and members missed.
 *
 *   npx tsx bench/bulk.ts [--lark 120000] [--dingtalk 30000]
 *
 * Streets of up to 30,000 members (grids of 100), each on one platform, DingTalk's first, as its 20
 * a call make it the longer of the two. Few and large streets, because the reminder's query for a
 * street's people (on the dotted `memberships.grid`, which FerretDB does not push down to SQLite)
 * decodes every member of the district: with 15 streets of 10,000 that was 15 scans, about 30 s each
 * on a loaded machine, and the round took 4.6× the floor. The time to the first member is that
 * query; the ratio to the floor is taken from the first member to the last (the sending), and the
 * whole time is reported beside it.
 */
import { Queue } from 'bullmq';
import { Types } from 'mongoose';
import { parseArgs } from 'node:util';
import { initLogger } from '../src/logger.js';
import { redisOptions } from '../src/queue/connection.js';
import { jobIdOf } from '../src/queue/jobIds.js';
import { REMINDER_QUEUE } from '../src/reminders/occurrence.js';
import { resolveRun } from '../src/reminders/runNow.js';
import { loadBureauCalendar } from '../src/store/calendarYears.js';
import { connectStore, disconnectStore } from '../src/store/connect.js';
import { GridModel } from '../src/store/models/grid.js';
import { identityKey, MemberModel } from '../src/store/models/member.js';
import { DingTalkFake } from '../tests/fakes/dingtalkFake.js';
import { LarkFake } from '../tests/fakes/larkFake.js';
import { BOT_ENTRY, botConnected, botEnv, spawnBot } from './lib/botProcess.js';
import { atMost, runSection, type Row } from './lib/report.js';
import { withServices } from './lib/services.js';
import { seconds, sleep } from './lib/stats.js';

const { values } = parseArgs({ options: { lark: { type: 'string', default: '120000' }, dingtalk: { type: 'string', default: '30000' } } });
const COUNTS = { lark: Number(values.lark), dingtalk: Number(values.dingtalk) };
const PER_GRID = 100;
/** Members of a street at most: a large district's street (and a query's `$in` of member ids well within SQLite's 32,766 variables). */
const STREET_MAX = 30_000;
/** Per call and per-app limits (platforms.md E and G; the Lark batch size is our assumption, see larkSender.ts). */
const LARK = { perCall: 200, perSecond: 50, perMinute: 1000 };
const DINGTALK = { perCall: 20, perSecond: 20 };
const LINGER_MS = 5_000;

type Platform = 'lark' | 'dingtalk';
const userOf = (platform: Platform, i: number) => (platform === 'lark' ? `ou_bulk${i}` : `staffbulk${i}`);

/** Streets of STREET_MAX members at most, each on one platform, DingTalk's first; every member files returns (role member). */
async function seed(): Promise<{ streets: Array<{ platform: Platform; members: number }> }> {
  const streets: Array<{ platform: Platform; members: number }> = [];
  for (const platform of ['dingtalk', 'lark'] as const) {
    for (let left = COUNTS[platform]; left > 0; left -= STREET_MAX) streets.push({ platform, members: Math.min(STREET_MAX, left) });
  }
  const code = (s: number) => `B${String(s + 1).padStart(3, '0')}`;
  await GridModel.insertMany([
    { code: 'BD', name: '基准区统计网格', level: 1 },
    ...streets.map((_, s) => ({ code: code(s), name: `第${s + 1}街道统计网格`, level: 2, parent: 'BD', street: code(s) })),
  ]);
  const next = { lark: 0, dingtalk: 0 };
  for (const [s, street] of streets.entries()) {
    const grids = Array.from({ length: Math.ceil(street.members / PER_GRID) }, (_, g) => `${code(s)}-${String(g).padStart(3, '0')}`);
    await GridModel.insertMany(grids.map((grid, g) => ({ code: grid, name: `第${s + 1}街道工业网格${g + 1}`, level: 3, industry: '工业', parent: code(s), street: code(s) })));
    const people = Array.from({ length: street.members }, (_, m) => {
      const i = next[street.platform]++;
      return {
        _id: new Types.ObjectId(),
        name: `成员${s}-${m}`,
        phone: `13${String(s * 1_000_000 + m + 1).padStart(9, '0')}`,
        memberships: [{ grid: grids[Math.floor(m / PER_GRID)]!, role: 'member' }],
        identities: [identityKey(street.platform, userOf(street.platform, i))],
      };
    });
    for (let i = 0; i < people.length; i += 5000) await MemberModel.collection.insertMany(people.slice(i, i + 5000), { ordered: false });
  }
  return { streets };
}

/** Calls one round needs: per street, its members over the platform's batch size. */
const callsOf = (streets: Array<{ platform: Platform; members: number }>, platform: Platform, perCall: number) =>
  streets.filter((s) => s.platform === platform).reduce((n, s) => n + Math.ceil(s.members / perCall), 0);

runSection(async () => {
  initLogger('error');
  return withServices({ mongo: true, redis: true }, async (services) => {
    await connectStore(services.mongoUri);
    await loadBureauCalendar();
    const seedStart = Date.now();
    const { streets } = await seed();
    console.log(`seeded ${COUNTS.lark + COUNTS.dingtalk} members in ${streets.length} streets in ${seconds(Date.now() - seedStart)} s`);
    const lark = await LarkFake.start({ limits: { appPerSecond: LARK.perSecond, appPerMinute: LARK.perMinute, chatPerSecond: 5 } });
    const dingtalk = await DingTalkFake.start({ limits: { apiPerSecond: DINGTALK.perSecond, webhookPerMinute: 20 } });
    const bot = spawnBot(BOT_ENTRY, botEnv(services, { lark, dingtalk }));
    try {
      await botConnected(bot, [lark, dingtalk]);
      const got = { lark: new Map<string, number>(), dingtalk: new Map<string, number>() };
      const first = { lark: 0, dingtalk: 0 };
      const last = { lark: 0, dingtalk: 0 };
      const track = (platform: Platform) => (r: { chatId: string; text: string; receivedAt: number }) => {
        if (!r.text.includes('【报表提醒】')) return;
        const seen = got[platform].get(r.chatId) ?? 0;
        got[platform].set(r.chatId, seen + 1);
        if (!seen) last[platform] = Math.max(last[platform], r.receivedAt);
        first[platform] ||= r.receivedAt;
      };
      const stops = [lark.replies.onReply(track('lark')), dingtalk.replies.onReply(track('dingtalk'))];

      const { kind, occurrences } = await resolveRun({ kind: 'returns' }, new Date());
      const queue = new Queue(REMINDER_QUEUE, { connection: redisOptions(services.redisUrl), prefix: 'statgrid' });
      const startedAt = Date.now();
      await queue.add('runReminder', { kind: kind.name, occurrences, runKey: 'bench' }, { jobId: jobIdOf('run:bench') });
      await queue.close();
      const calls = { lark: callsOf(streets, 'lark', LARK.perCall), dingtalk: callsOf(streets, 'dingtalk', DINGTALK.perCall) };
      // Lark's 1,000 a minute holds below 1,000 calls only; above, each further thousand waits for the next minute.
      const larkFloor = calls.lark <= LARK.perMinute ? calls.lark / LARK.perSecond : 60 * Math.floor((calls.lark - 1) / LARK.perMinute) + (((calls.lark - 1) % LARK.perMinute) + 1) / LARK.perSecond;
      const floors = { lark: larkFloor, dingtalk: calls.dingtalk / DINGTALK.perSecond };
      const floorS = Math.max(floors.lark, floors.dingtalk);
      const deadline = startedAt + floorS * 3000 + 120_000;
      const done = () => got.lark.size >= COUNTS.lark && got.dingtalk.size >= COUNTS.dingtalk;
      while (!done() && Date.now() < deadline) await sleep(200);
      await sleep(LINGER_MS);
      for (const stop of stops) stop();

      const took = { lark: (last.lark - startedAt) / 1000, dingtalk: (last.dingtalk - startedAt) / 1000 };
      const totalS = Math.max(...(['lark', 'dingtalk'] as const).filter((p) => COUNTS[p] > 0).map((p) => took[p]));

      const present = (['lark', 'dingtalk'] as const).filter((p) => COUNTS[p] > 0);
      const firstS = (Math.min(...present.map((p) => first[p])) - startedAt) / 1000;
      const sending = (p: Platform) => Math.round(((last[p] - first[p]) / 1000 / floors[p]) * 1000) / 1000;
      const duplicates = [...got.lark.values(), ...got.dingtalk.values()].reduce((n, c) => n + c - 1, 0);
      const missed = COUNTS.lark - got.lark.size + COUNTS.dingtalk - got.dingtalk.size;
      const ratio = Math.round(((totalS - firstS) / floorS) * 1000) / 1000;
      console.log(
        `Bulk reminder: Lark ${COUNTS.lark} members in ${calls.lark} calls, last after ${seconds(took.lark * 1000)} s (floor ${floors.lark} s); ` +
          `DingTalk ${COUNTS.dingtalk} in ${calls.dingtalk} calls, last after ${seconds(took.dingtalk * 1000)} s (floor ${floors.dingtalk} s); ` +
          `fakes: ${lark.counters.batchSends} + ${dingtalk.counters.otoCalls} batch calls, ${lark.counters.throttled} + ${dingtalk.counters.throttled} throttled; ` +
          `${duplicates} duplicates, ${missed} missed; first member after ${seconds(firstS * 1000)} s`,
      );
      const section = 'Bulk reminders';
      const size = `${(COUNTS.lark + COUNTS.dingtalk).toLocaleString('en-US')} members (Lark ${COUNTS.lark.toLocaleString('en-US')}, DingTalk ${COUNTS.dingtalk.toLocaleString('en-US')}); floor ${floorS} s`;
      const rows: Row[] = [
        { section, measure: 'returns reminder: time to the last member', size, value: Math.round(totalS * 10) / 10, unit: 's' },
        { section, measure: 'time to the first member (the street\'s query)', size, value: Math.round(firstS * 10) / 10, unit: 's' },
        { section, measure: 'sending (first to last member) / floor', size, value: ratio, unit: '×', ...atMost(ratio, 1.1, '×') },
        ...present.flatMap((p): Row[] => {
          const name = p === 'lark' ? 'Lark' : 'DingTalk';
          const made = `${calls[p]} batch calls (floor ${floors[p]} s)`;
          return [
            { section, measure: `${name}: time to its last member`, size: made, value: Math.round(took[p] * 10) / 10, unit: 's' },
            { section, measure: `${name}: its sending (its first to last member) / its floor`, size: made, value: sending(p), unit: '×' },
          ];
        }),
        { section, measure: 'duplicates at the fakes', size, value: duplicates, unit: '', ...atMost(duplicates, 0, '') },
        { section, measure: 'members missed', size, value: missed, unit: '', ...atMost(missed, 0, '') },
        { section, measure: 'calls the fakes throttled', size, value: lark.counters.throttled + dingtalk.counters.throttled, unit: '' },
      ];
      return rows;
    } finally {
      await bot.stop();
      await Promise.all([lark.close(), dingtalk.close()]);
      await disconnectStore();
    }
  });
});
