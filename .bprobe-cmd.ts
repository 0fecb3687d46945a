import mongoose from 'mongoose';
import { createApp } from './src/app.js';
import { parseConfig } from './src/config.js';
import { dispatch } from './src/core/dispatch.js';
import { initLogger } from './src/logger.js';
import { withServices } from './bench/lib/services.js';
import { seedDistrict, chatOf, userOf } from './bench/lib/district.js';
initLogger('error');
const GRIDS = Number(process.argv[2] ?? 200), MEMBERS = Number(process.argv[3] ?? 5);
await withServices({ mongo: true, redis: true }, async (s) => {
  const config = parseConfig({ LOG_LEVEL: 'error', REMINDERS: 'off' });
  await mongoose.connect(s.mongoUri, { monitorCommands: true, autoIndex: false });
  const app = await createApp({ config, mongoUri: s.mongoUri, redisUrl: s.redisUrl, queuePrefix: 'p' });
  await seedDistrict({ grids: GRIDS, perStreet: 100, members: MEMBERS, platforms: ['lark', 'dingtalk'], activities: true });
  const client = mongoose.connection.getClient() as any;
  let ops: Array<{ name: string; coll: string; ms: number }> = [];
  const started = new Map<number, { name: string; coll: string }>();
  client.on('commandStarted', (e: any) => started.set(e.requestId, { name: e.commandName, coll: String(e.command[e.commandName]) }));
  client.on('commandSucceeded', (e: any) => { const st = started.get(e.requestId); if (st) ops.push({ ...st, ms: e.duration }); });
  let n = 0;
  for (const text of ['/我的', '/签到', '/通讯录', '/问题列表', '/帮助', '/已报', '/签道']) {
    const times: number[] = []; ops = [];
    for (let i = 0; i < 10; i++) {
      const g = (i * 7) % GRIDS, m = i % MEMBERS;
      const t = performance.now();
      await dispatch({ platform: 'lark', eventId: `e${n++}`, chatId: chatOf('lark', g), chatType: 'group', senderId: userOf('lark', g, m), text, addressedToBot: true, receivedAt: Date.now() }, app.router, app.services);
      times.push(performance.now() - t);
    }
    const byOp = new Map<string, { n: number; ms: number }>();
    for (const o of ops) { const k = `${o.name} ${o.coll}`; const v = byOp.get(k) ?? { n: 0, ms: 0 }; v.n++; v.ms += o.ms; byOp.set(k, v); }
    times.sort((a, b) => a - b);
    console.log(`${text}: median ${times[5]!.toFixed(1)} ms; per command: ${[...byOp].map(([k, v]) => `${k} ×${v.n / 10} ${(v.ms / v.n).toFixed(1)}ms`).join(', ')}`);
  }
  await app.close();
});
process.exit(0);
