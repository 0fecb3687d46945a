import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import mongoose from 'mongoose';
import { freshTempDir, startMongo } from './src/services/localServices.js';
const N = Number(process.argv[2] ?? 100_000);
const dir = freshTempDir('exp-');
const mongo = await startMongo(join(dir, 'mongo'), 'exp');
const shell = mongo.process.pid!;
const fpid = readFileSync(`/proc/${shell}/task/${shell}/children`, 'utf8').trim().split(/\s+/)[0];
const cpu = () => { const f = readFileSync(`/proc/${fpid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) / 100; };
await mongoose.connect(mongo.url);
const coll = mongoose.connection.db!.collection('filings');
const B = 10_000;
for (let i = 0; i < N; i += B) {
  const docs = [];
  for (let j = i; j < Math.min(N, i + B); j++) docs.push({ period: `2026-${String(1 + (j % 12)).padStart(2, '0')}`, member: new mongoose.Types.ObjectId().toString(), grid: `S${j % 1000}-01`, street: `S${j % 1000}`, filedAt: new Date(2026, j % 12, 5) });
  await coll.insertMany(docs, { ordered: false });
}
for (const [name, fn] of [
  ['count', () => coll.countDocuments({})],
  ['count filtered', () => coll.countDocuments({ street: 'S1' })],
  ['find all', async () => { let n = 0; for await (const _ of coll.find({}).batchSize(5000)) n++; return n; }],
  ['agg match+project', async () => { let n = 0; for await (const _ of coll.aggregate([{ $match: { period: { $gte: '2026-01' } } }, { $project: { _id: 0, member: 1, filedAt: 1 } }], { batchSize: 5000 })) n++; return n; }],
] as const) {
  const c0 = cpu(); const t0 = Date.now();
  const r = await (fn as () => Promise<unknown>)();
  console.log(name, r, 'wall', (Date.now() - t0) / 1000, 's; ferretdb cpu', (cpu() - c0).toFixed(2), 's');
}
await mongoose.disconnect();
await mongo.stop();
