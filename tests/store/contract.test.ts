import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eachClient, openContractServer, type ContractServer } from './contractServer.js';

/*
 * The MongoDB behaviour the store relies on, stated as tests. They pass on the embedded FerretDB in
 * `npm test`; `STORE_CONTRACT_URI=mongodb://… npm run test:store` runs them against another server
 * before it goes live. Writers are spread over several clients, as several bot processes would be.
 */

const CLIENTS = 5;
const WRITERS = 50;

let server: ContractServer;

beforeAll(async () => {
  server = await openContractServer(CLIENTS);
});
afterAll(() => server?.close());

/** Runs `write(collection, i)` for i = 0..WRITERS-1 at once, writer i through client i mod CLIENTS. */
function concurrently<T extends { _id: unknown }, R>(
  name: string,
  write: (collection: ReturnType<typeof eachClient<T>>[number], i: number) => Promise<R>,
): Promise<Array<PromiseSettledResult<R>>> {
  const collections = eachClient<T>(server, name);
  return Promise.allSettled(Array.from({ length: WRITERS }, (_, i) => write(collections[i % CLIENTS]!, i)));
}

const fulfilled = <R>(results: Array<PromiseSettledResult<R>>) =>
  results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
const errorCodes = (results: Array<PromiseSettledResult<unknown>>) =>
  results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { code?: number }).code] : []));

interface Counter { _id: string; n?: number; byMember?: Record<string, number>; grid?: string; year?: number }

describe('atomic single-document writes', () => {
  it(`$inc by ${WRITERS} concurrent writers loses no increment`, async () => {
    await server.db.collection<Counter>('tallies').insertOne({ _id: 'JS-01:2026', n: 0 });
    const results = await concurrently<Counter, unknown>('tallies', (c, i) =>
      c.updateOne({ _id: 'JS-01:2026' }, { $inc: { n: 1, [`byMember.m${i % 5}`]: 2 } }),
    );
    expect(errorCodes(results)).toEqual([]);
    const doc = await server.db.collection<Counter>('tallies').findOne({ _id: 'JS-01:2026' });
    expect(doc?.n).toBe(WRITERS);
    expect(doc?.byMember).toEqual({ m0: 20, m1: 20, m2: 20, m3: 20, m4: 20 });
  });

  it('findOneAndUpdate($inc) hands out every sequence number exactly once', async () => {
    const results = await concurrently<Counter, Counter | null>('counters', (c) =>
      c.findOneAndUpdate({ _id: 'problem' }, { $inc: { n: 1 } }, { upsert: true, returnDocument: 'after' }),
    );
    expect(errorCodes(results)).toEqual([]);
    const numbers = fulfilled(results).map((doc) => doc?.n).sort((a, b) => a! - b!);
    expect(numbers).toEqual(Array.from({ length: WRITERS }, (_, i) => i + 1));
  });

  it('concurrent upserts of one key create one document', async () => {
    await server.db.collection('gridYears').createIndex({ grid: 1, year: 1 }, { unique: true });
    const results = await concurrently<Counter, unknown>('gridYears', (c) =>
      c.updateOne({ grid: 'JS-02', year: 2026 }, { $inc: { n: 1 } }, { upsert: true }),
    );
    expect(errorCodes(results)).toEqual([]);
    const docs = await server.db.collection<Counter>('gridYears').find({ grid: 'JS-02' }).toArray();
    expect(docs.map((d) => [d.year, d.n])).toEqual([[2026, WRITERS]]);
  });

  it('a conditional update (compare-and-set) has exactly one winner', async () => {
    await server.db.collection('drafts').insertOne({ _id: 'd1', state: 'open' } as never);
    const results = await concurrently<{ _id: string }, number>('drafts', async (c, i) =>
      (await c.updateOne({ _id: 'd1', state: 'open' }, { $set: { state: 'confirmed', by: i } })).modifiedCount,
    );
    const won = fulfilled(results).flatMap((modified, i) => (modified === 1 ? [i] : []));
    expect(won).toHaveLength(1);
    const doc = await server.db.collection('drafts').findOne({ _id: 'd1' } as never);
    expect(doc).toMatchObject({ state: 'confirmed', by: won[0] });
  });

  it('findOneAndUpdate as a claim gives the document to exactly one caller', async () => {
    await server.db.collection('problems').insertOne({ _id: 'p1', holder: null } as never);
    const results = await concurrently<{ _id: string }, unknown>('problems', (c, i) =>
      c.findOneAndUpdate({ _id: 'p1', holder: null }, { $set: { holder: `m${i}` } }, { returnDocument: 'after' }),
    );
    const claims = fulfilled(results).filter((doc) => doc !== null);
    expect(claims).toHaveLength(1);
    expect(await server.db.collection('problems').findOne({ _id: 'p1' } as never)).toEqual(claims[0]);
  });
});

describe('unique indexes', () => {
  beforeAll(() => server.db.collection('grids').createIndex({ code: 1 }, { unique: true }));

  it('an insert of a taken key fails with code 11000 and changes nothing', async () => {
    const grids = server.db.collection('grids');
    await grids.insertOne({ code: 'JS-01', name: '一网格' });
    await expect(grids.insertOne({ code: 'JS-01', name: '重复' })).rejects.toMatchObject({ code: 11000 });
    expect(await grids.countDocuments({ code: 'JS-01' })).toBe(1);
  });

  it('an update or findOneAndUpdate onto a taken key fails with code 11000', async () => {
    const grids = server.db.collection('grids');
    await grids.insertOne({ code: 'JS-02', name: '二网格' });
    await expect(grids.updateOne({ code: 'JS-02' }, { $set: { code: 'JS-01' } })).rejects.toMatchObject({ code: 11000 });
    await expect(grids.findOneAndUpdate({ code: 'JS-02' }, { $set: { code: 'JS-01' } })).rejects.toMatchObject({ code: 11000 });
    expect(await grids.countDocuments({ code: 'JS-02' })).toBe(1);
  });

  it(`of ${WRITERS} concurrent inserts of one key exactly one succeeds`, async () => {
    const results = await concurrently<{ _id: string }, unknown>('grids', (c, i) =>
      c.insertOne({ code: 'JS-99', name: `${i}` } as never),
    );
    expect(fulfilled(results)).toHaveLength(1);
    expect(errorCodes(results)).toEqual(Array(WRITERS - 1).fill(11000));
  });
});

describe('findOneAndUpdate', () => {
  it('returns the new document when asked, the old one by default', async () => {
    const notices = server.db.collection('notices');
    await notices.insertOne({ _id: 'n1', acks: 0 } as never);
    expect(await notices.findOneAndUpdate({ _id: 'n1' } as never, { $inc: { acks: 1 } })).toEqual({ _id: 'n1', acks: 0 });
    expect(await notices.findOneAndUpdate({ _id: 'n1' } as never, { $inc: { acks: 1 } }, { returnDocument: 'after' }))
      .toEqual({ _id: 'n1', acks: 2 });
  });

  it('upserts and returns the inserted document, with $setOnInsert applied', async () => {
    const notices = server.db.collection('notices');
    const doc = await notices.findOneAndUpdate(
      { _id: 'n2' } as never,
      { $inc: { acks: 1 }, $setOnInsert: { title: '通知' } },
      { upsert: true, returnDocument: 'after' },
    );
    expect(doc).toEqual({ _id: 'n2', acks: 1, title: '通知' });
  });
});
