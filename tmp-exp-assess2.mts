import { join } from 'node:path';
import mongoose from 'mongoose';
import { freshTempDir, startMongo } from './src/services/localServices.js';
const N = Number(process.argv[2] ?? 100_000);
const dir = freshTempDir('exp-');
const mongo = await startMongo(join(dir, 'mongo'), 'exp');
console.log(dir);
await mongoose.connect(mongo.url);
const coll = mongoose.connection.db!.collection('filings');
let t = Date.now();
const B = 10_000;
for (let i = 0; i < N; i += B) {
  const docs = [];
  for (let j = i; j < Math.min(N, i + B); j++) docs.push({ period: `2026-${String(1 + (j % 12)).padStart(2, '0')}`, member: new mongoose.Types.ObjectId().toString(), grid: `S${j % 1000}-01`, street: `S${j % 1000}`, filedAt: new Date(2026, j % 12, 5) });
  await coll.insertMany(docs, { ordered: false });
}
console.log('insert', N, (Date.now() - t) / 1000);
for (const bs of [101, 1000, 10000]) {
t = Date.now(); let n = 0;
for await (const d of coll.find({}).batchSize(bs)) n++;
console.log('find all no proj bs', bs, n, (Date.now() - t) / 1000);
}
t = Date.now(); let n = 0;
for await (const d of coll.find({ street: 'S1' }).batchSize(1000)) n++;
console.log('find street', n, (Date.now() - t) / 1000);
t = Date.now();
console.log(await coll.countDocuments({}), (Date.now() - t) / 1000);
await mongoose.disconnect();
await mongo.stop();
