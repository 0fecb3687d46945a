/**
 * The web console (issue 17): 总览 for the whole district as a bureau admin, server time per render
 * (Fastify's inject, no network), and the memory the console adds to a process that already runs the
 * bot's app: RSS and heap after the app is up, then after the console is built and has served pages.
 *
 *   npx tsx bench/web.ts [--grids 30000] [--members 5] [--renders 5]
 */
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { initLogger } from '../src/logger.js';
import { connectStore, disconnectStore } from '../src/store/connect.js';
import { ADMIN, seedDistrict, userOf } from './lib/district.js';
import { atMost, runSection, type Row } from './lib/report.js';
import { withServices } from './lib/services.js';
import { seconds, toMb } from './lib/stats.js';

const { values } = parseArgs({ options: { grids: { type: 'string', default: '30000' }, members: { type: 'string', default: '5' }, renders: { type: 'string', default: '5' } } });
const GRIDS = Number(values.grids);
const MEMBERS = Number(values.members);
const RENDERS = Number(values.renders);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const settled = () => {
  gc();
  gc();
  return process.memoryUsage();
};

runSection(async () => {
  initLogger('error');
  return withServices({ mongo: true, redis: true }, async (services) => {
    await connectStore(services.mongoUri);
    const seedStart = Date.now();
    const seeded = await seedDistrict({ grids: GRIDS, perStreet: 100, members: MEMBERS, platforms: ['lark'] });
    await disconnectStore();
    console.log(`Web console: ${GRIDS} grids, ${seeded.members} members, seeded in ${seconds(Date.now() - seedStart)} s`);

    const app = await createApp({ config: parseConfig({ LOG_LEVEL: 'error', REMINDERS: 'off' }), mongoUri: services.mongoUri, redisUrl: services.redisUrl });
    try {
      const before = settled();
      // Loaded only now, so that what the console's code takes counts too.
      const [{ buildConsoleServer }, { consoleDeps }] = await Promise.all([import('../src/web/server.js'), import('../src/web/start.js')]);
      const deps = consoleDeps(app);
      const { signIn } = deps;
      const server = await buildConsoleServer(deps);
      await server.ready();
      const cookie = `sg_session=${server.signCookie(await signIn.openSession({ platform: 'lark', userId: userOf('lark', ADMIN) }))}`;
      const times: number[] = [];
      for (let i = 0; i < RENDERS; i++) {
        const started = performance.now();
        const res = await server.inject({ method: 'GET', url: '/', headers: { cookie } });
        times.push(performance.now() - started);
        if (res.statusCode !== 200 || !res.body.includes(`>${GRIDS}<`)) throw new Error(`overview: ${res.statusCode} ${res.body.slice(0, 300)}`);
      }
      for (const url of ['/grids', '/problems', '/audit']) await server.inject({ method: 'GET', url, headers: { cookie } });
      const after = settled();
      console.log(`  overview renders (ms): ${times.map((t) => t.toFixed(0)).join(', ')}`);
      await server.close();

      const section = 'Web console';
      const size = `${GRIDS.toLocaleString('en-US')} grids, ${seeded.members.toLocaleString('en-US')} members`;
      const first = times[0]! / 1000;
      const warm = [...times.slice(1)].sort((a, b) => a - b)[Math.floor((times.length - 1) / 2)]! / 1000;
      const addedRss = toMb(after.rss - before.rss);
      return [
        { section, measure: '总览 first render (cold caches), server time', size, value: Number(first.toFixed(2)), unit: 's', ...atMost(first, 1, 's') },
        { section, measure: '总览 render, median of the rest', size, value: Number(warm.toFixed(2)), unit: 's', ...atMost(warm, 1, 's') },
        { section, measure: 'RSS the console adds (built, pages served)', size, value: addedRss, unit: 'MB', ...atMost(addedRss, 60, 'MB') },
        { section, measure: 'heap the console adds', size, value: toMb(after.heapUsed - before.heapUsed), unit: 'MB' },
      ] satisfies Row[];
    } finally {
      await app.close();
    }
  });
});
