import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { patchedFerretDBSource } from '../../src/embedded/localServices.js';
import { connectStore, disconnectStore } from '../../src/store/connect.js';

/*
 * Our FerretDB encodes and decodes stored documents in one pass (06-sjson-one-pass.patch) and tracks
 * no iterators outside debug builds (07-no-leak-tracking.patch). The Go tests beside the patched code
 * compare the new encoder and decoder with FerretDB's own for every type, random documents and odd
 * shapes, and FerretDB's own sjson tests run against them: here they run on the patched source. Then a
 * document of every type goes through the running server and comes back as it was written.
 */

describe('FerretDB encodes and decodes stored documents in one pass', () => {
  it('as FerretDB’s own encoder and decoder do, and tracks no iterators (Go tests on the patched source)', () => {
    const src = patchedFerretDBSource();
    try {
      const out = execFileSync('go', ['test', '-count=1', './internal/handler/sjson/', './internal/util/resource/'], {
        cwd: src,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect(out).toMatch(/^ok\s+github.com\/FerretDB\/FerretDB\/internal\/handler\/sjson/m);
      expect(out).toMatch(/^ok\s+github.com\/FerretDB\/FerretDB\/internal\/util\/resource/m);
    } finally {
      rmSync(src, { recursive: true, force: true });
    }
  }, 300_000);

  describe('through the server', () => {
    beforeAll(() => connectStore(`${inject('mongoBaseUri')}/t_${randomUUID().slice(0, 8)}`));
    afterAll(() => disconnectStore());

    it('reads back a document of every type as it was written', async () => {
      const { Binary, Double, Int32, Long, ObjectId, Timestamp, BSONRegExp } = mongoose.mongo;
      const id = new ObjectId('656f1a02ff00102030405060');
      const doc = {
        _id: '2026:S0001-01',
        oid: id,
        int: new Int32(-7),
        long: Long.fromBigInt(2n ** 62n),
        double: new Double(3.25),
        whole: new Double(42),
        date: new Date('2026-03-10T06:00:00.123Z'),
        old: new Date('1969-12-31T00:00:00Z'),
        yes: true,
        no: false,
        nothing: null,
        text: '统计网格 "引号" \\ \n <a&b> 😀',
        empty: '',
        bin: new Binary(Buffer.from([0, 1, 2, 255])),
        uuid: new Binary(Buffer.alloc(16, 7), 4),
        re: new BSONRegExp('^张.*\\d+$', 'i'),
        ts: new Timestamp({ t: 1_767_225_600, i: 3 }),
        emptyDoc: {},
        emptyArray: [],
        members: { '656f1a02ff00102030405060': { present: new Int32(4), lastFiledOnTime: '2026-11' }, 'a<b&c': { acks: new Int32(1) } },
        rows: [{ member: 'a', grids: ['S0001', 'S0001-01'], attendance: { done: new Int32(4), expected: new Int32(5) } }, { ids: [id] }, null],
      };
      const collection = mongoose.connection.db!.collection<{ _id: string }>('sjson');
      await collection.insertOne(doc);
      // byte for byte: the BSON the server returns is the BSON the driver sent
      const back = await collection.findOne({ _id: doc._id }, { raw: true });
      expect(Buffer.from(back as unknown as Uint8Array).toString('hex')).toBe(Buffer.from(mongoose.mongo.BSON.serialize(doc)).toString('hex'));
    });
  });
});
