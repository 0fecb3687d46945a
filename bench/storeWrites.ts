/**
 * The cost of single-document write atomicity: a lone update's latency, and `$inc` on one document
 * by 50 concurrent writers over 5 clients (throughput, and increments lost, which must be 0).
 * Not a section of `npm run bench`; run it against a server to compare builds:
 *
 *   npx tsx bench/storeWrites.ts mongodb://127.0.0.1:27017
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';

const uri = process.argv[2];
if (!uri) throw new Error('usage: tsx bench/storeWrites.ts mongodb://host:port');
const CLIENTS = 5;
const WRITERS = 50;
const INCS_EACH = 40;
const UPDATES = 1000;

const dbName = `statgrid_bench_${randomBytes(6).toString('hex')}`;
const clients = await Promise.all(
  Array.from({ length: CLIENTS }, () => mongoose.createConnection(uri, { dbName, maxPoolSize: 20 }).asPromise()),
);
const collections = clients.map((client) => client.db!.collection<{ _id: string; n: number; v?: number }>('writes'));
const first = collections[0]!;
await first.insertMany([{ _id: 'lone', n: 0 }, { _id: 'shared', n: 0 }]);

const times: number[] = [];
for (let i = 0; i < UPDATES; i++) {
  const started = performance.now();
  await first.updateOne({ _id: 'lone' }, { $set: { v: i } });
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
console.log(`single update: median ${times[UPDATES / 2]!.toFixed(2)} ms, p95 ${times[Math.floor(UPDATES * 0.95)]!.toFixed(2)} ms`);

const started = performance.now();
await Promise.all(
  Array.from({ length: WRITERS }, async (_, w) => {
    for (let i = 0; i < INCS_EACH; i++) await collections[w % CLIENTS]!.updateOne({ _id: 'shared' }, { $inc: { n: 1 } });
  }),
);
const seconds = (performance.now() - started) / 1000;
const total = WRITERS * INCS_EACH;
const { n } = (await first.findOne({ _id: 'shared' }))!;
console.log(`$inc by ${WRITERS} writers: ${total} in ${seconds.toFixed(2)} s (${Math.round(total / seconds)}/s), lost ${total - n}`);

await first.db.dropDatabase();
await Promise.all(clients.map((client) => client.close()));
