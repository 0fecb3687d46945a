import { join } from 'node:path';
import mongoose from 'mongoose';
import { freshTempDir, startMongo } from './src/services/localServices.js';

const N = Number(process.argv[2] ?? 300_000);
const dir = freshTempDir('exp-');
const mongo = await startMongo(join(dir, 'mongo'), 'exp');
await mongoose.connect(mongo.url);
const coll = mongoose.connection.db!.collection('filings');
let t = Date.now();
const B = 10_000;
for (let i = 0; i < N; i += B) {
  const docs = [];
  for (let j = i; j < Math.min(N, i + B); j++) docs.push({ period: `2026-${String(1 + (j % 12)).padStart(2, '0')}`, member: new mongoose.Types.ObjectId().toString(), grid: `S${j % 1000}-01`, street: `S${j % 1000}`, filedAt: new Date(2026, j % 12, 5) });
  await coll.insertMany(docs, { ordered: false });
}
console.log('insert', N, (Date.now() - t) / 1000, 's', Math.round(N / ((Date.now() - t) / 1000)), '/s');
t = Date.now();
let n = 0;
for await (const d of coll.find({}, { projection: { member: 1, period: 1, _id: 0 } }).batchSize(10000)) n++;
console.log('find all', n, (Date.now() - t) / 1000);
t = Date.now(); n = 0;
for await (const d of coll.aggregate([{ $match: { street: { $in: ['S1', 'S2'] } } }, { $project: { member: 1, period: 1, _id: 0 } }], { batchSize: 10000 })) n++;
console.log('agg match street', n, (Date.now() - t) / 1000);
t = Date.now(); n = 0;
for await (const d of coll.aggregate([{ $match: { period: { $gte: '2026-01', $lte: '2026-12' } } }, { $project: { member: 1, period: 1, _id: 0 } }], { batchSize: 10000 })) n++;
console.log('agg match period all', n, (Date.now() - t) / 1000);
t = Date.now(); n = 0;
const r = await coll.aggregate([{ $match: { period: { $gte: '2026-01' } } }, { $group: { _id: '$street', n: { $sum: 1 } } }]).toArray();
console.log('group street (1000 groups)', r.length, (Date.now() - t) / 1000);
console.log('rss', process.memoryUsage().rss / 1e6);
await mongoose.disconnect();
await mongo.stop();
