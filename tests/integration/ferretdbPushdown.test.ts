import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectStore, disconnectStore } from '../../src/store/connect.js';

/*
 * Our FerretDB build lets SQLite drop documents before FerretDB decodes them (equality with a string
 * or a number, `$in` them, date ranges; src/embedded/ferretdb/README.md). The prefilter must never
 * drop a document MongoDB would match: here a field holds every shape a document can give it, and
 * each filter must return exactly what MongoDB's rules say.
 */

const MAR_1 = new Date('2026-03-01T00:00:00Z');
const MAR_10 = new Date('2026-03-10T00:00:00Z');
const MAR_20 = new Date('2026-03-20T00:00:00Z');
/** Before 2001-09-09 a date's milliseconds have fewer digits: text order is not number order. */
const OLD = new Date('1999-06-01T00:00:00Z');

const DOCS: Array<{ _id: string; k?: unknown; other?: string }> = [
  { _id: 'string', k: 'JS-01', other: 'x' },
  { _id: 'otherString', k: 'JS-02', other: 'x' },
  { _id: 'arrayWith', k: ['JS-02', 'JS-01'] },
  { _id: 'arrayWithout', k: ['JS-03'] },
  { _id: 'number', k: 1 },
  { _id: 'double', k: new mongoose.mongo.Double(1) },
  { _id: 'bool', k: true },
  { _id: 'numberString', k: '1' },
  { _id: 'missing' },
  { _id: 'null', k: null },
  { _id: 'object', k: { grid: 'JS-01' } },
  { _id: 'dateEarly', k: MAR_1 },
  { _id: 'dateMid', k: MAR_10 },
  { _id: 'dateLate', k: MAR_20 },
  { _id: 'dateArray', k: [MAR_1, MAR_20] },
  { _id: 'epochNumber', k: MAR_10.getTime() },
  { _id: 'quote', k: "it's \"quoted\"" },
  { _id: 'escaped', k: '网格 <a&b>\n' },
  { _id: 'zero', k: 0 },
  { _id: 'negativeZero', k: new mongoose.mongo.Double(-0) },
  { _id: 'bigLong', k: mongoose.mongo.Long.fromBigInt(2n ** 60n) },
  { _id: 'bigDouble', k: new mongoose.mongo.Double(2 ** 60) },
  { _id: 'dateOld', k: OLD },
];

const CASES: Array<[string, Record<string, unknown>, string[]]> = [
  ['string equality', { k: 'JS-01' }, ['arrayWith', 'string']],
  ['string equality and a second field', { k: 'JS-01', other: 'x' }, ['string']],
  ['a string that looks like a number', { k: '1' }, ['numberString']],
  ['a string only another field holds', { k: 'x' }, []],
  ['a string with quotes', { k: "it's \"quoted\"" }, ['quote']],
  ['$in strings', { k: { $in: ['JS-02', 'JS-03'] } }, ['arrayWith', 'arrayWithout', 'otherString']],
  ['number equality (an int finds a double, not a string or a boolean)', { k: 1 }, ['double', 'number']],
  ['$in numbers and strings', { k: { $in: [1, 'JS-03'] } }, ['arrayWithout', 'double', 'number']],
  ['a number that is a date\'s milliseconds', { k: MAR_10.getTime() }, ['epochNumber']],
  ['$gte a date', { k: { $gte: MAR_10 } }, ['dateArray', 'dateLate', 'dateMid']],
  ['$gt and $lt dates', { k: { $gt: MAR_1, $lt: MAR_20 } }, ['dateArray', 'dateMid']],
  ['$lte a date', { k: { $lte: MAR_1 } }, ['dateArray', 'dateEarly', 'dateOld']],
  ['a date range from before 2001', { k: { $gte: OLD, $lt: MAR_10 } }, ['dateArray', 'dateEarly', 'dateOld']],
  ['a string with markup, Chinese and a newline', { k: '网格 <a&b>\n' }, ['escaped']],
  ['zero (finds minus zero)', { k: 0 }, ['negativeZero', 'zero']],
  ['a long beyond 2^53 (finds the equal double)', { k: mongoose.mongo.Long.fromBigInt(2n ** 60n) }, ['bigDouble', 'bigLong']],
  ['_id and a field', { _id: 'string', k: 'JS-01' }, ['string']],
  ['_id and a field that differs', { _id: 'string', k: 'JS-02' }, []],
  ['_id $in', { _id: { $in: ['string', 'number', 'absent'] } }, ['number', 'string']],
  ['_id $in and a field', { _id: { $in: ['string', 'number'] }, k: 1 }, ['number']],
  ['a dotted path into the field', { 'k.grid': 'JS-01' }, ['object']],
  ['equality with null', { k: null }, ['missing', 'null']],
];

beforeAll(() => connectStore(`${inject('mongoBaseUri')}/t_${randomUUID().slice(0, 8)}`));
afterAll(() => disconnectStore());

// On an indexed field the prefilter compares JSON texts through the index instead of extracted values.
const INDEXED = [['without', false], ['with', true]] as const;
describe.each(INDEXED)('the FerretDB prefilter on a field %s an index returns what MongoDB would', (_w, indexed) => {
  let collection: mongoose.mongo.Collection<{ _id: string }>;

  beforeAll(async () => {
    collection = mongoose.connection.db!.collection(indexed ? 'pushdownIndexed' : 'pushdown');
    if (indexed) await collection.createIndex({ k: 1, other: 1 });
    await collection.insertMany(DOCS as Array<{ _id: string }>);
  });

  it.each(CASES)('%s', async (_label, filter, expected) => {
    const found = (await collection.find(filter).toArray()).map((d) => d._id).sort();
    expect(found).toEqual([...expected].sort());
    const counted = await collection.countDocuments(filter);
    expect(counted).toBe(expected.length);
  });

  it('updates and deletes exactly the documents a filter matches', async () => {
    expect((await collection.updateMany({ k: 'JS-01' }, { $set: { seen: true } })).modifiedCount).toBe(2);
    expect((await collection.find({ seen: true }).toArray()).map((d) => d._id).sort()).toEqual(['arrayWith', 'string']);
    expect((await collection.deleteMany({ k: { $gte: MAR_10, $lte: MAR_20 } })).deletedCount).toBe(3);
    expect((await collection.updateOne({ k: 1, _id: 'double' }, { $set: { seen: true } })).modifiedCount).toBe(1);
    expect(await collection.countDocuments()).toBe(DOCS.length - 3);
  });
});

/*
 * A dotted path `m.grid` (a member's grid in `memberships: [{ grid, role }]`): SQLite looks into an object and
 * into each object of an array. The field holds every shape MongoDB's path rules tell apart (but nested arrays,
 * which FerretDB refuses to store).
 */
const { Double } = mongoose.mongo;
const DOTTED_DOCS: Array<{ _id: string; m?: unknown; other?: string }> = [
  { _id: 'object', m: { grid: 'JS-01', role: 'leader' }, other: 'x' },
  { _id: 'otherObject', m: { grid: 'JS-02' } },
  { _id: 'arrayWith', m: [{ grid: 'JS-02' }, { grid: 'JS-01', role: 'member' }] },
  { _id: 'arrayWithout', m: [{ grid: 'JS-03' }] },
  { _id: 'childArray', m: { grid: ['JS-02', 'JS-01'] } },
  { _id: 'elementChildArray', m: [{ grid: ['JS-01'] }] },
  { _id: 'mixedArray', m: ['JS-01', 7, null, true, { grid: 'JS-01' }] },
  { _id: 'scalarArray', m: ['JS-01', 'JS-02'] },
  { _id: 'topLevel', m: 'JS-01' },
  { _id: 'missing' },
  { _id: 'missingChild', m: { role: 'leader' } },
  { _id: 'nullChild', m: { grid: null } },
  { _id: 'nullParent', m: null },
  { _id: 'emptyArray', m: [] },
  { _id: 'deeper', m: { grid: { code: 'JS-01' } } },
  { _id: 'objectOfObjects', m: { x: { grid: 'JS-01' } } },
  { _id: 'number', m: { grid: 1 } },
  { _id: 'double', m: [{ grid: new Double(1) }] },
  { _id: 'numberString', m: { grid: '1' } },
  { _id: 'zero', m: { grid: 0 } },
  { _id: 'negativeZero', m: [{ grid: new Double(-0) }] },
  { _id: 'escaped', m: [{ grid: '网格 "引号" <a&b>\n' }] },
];

const MANY_GRIDS = Array.from({ length: 700 }, (_, i) => `X-${i}`);
const DOTTED_CASES: Array<[string, Record<string, unknown>, string[]]> = [
  ['a string in an object, an array of objects, or an array under the key',
    { 'm.grid': 'JS-01' }, ['arrayWith', 'childArray', 'elementChildArray', 'mixedArray', 'object']],
  ['$in strings', { 'm.grid': { $in: ['JS-02', 'JS-03'] } }, ['arrayWith', 'arrayWithout', 'childArray', 'otherObject']],
  ['$in more than 500 strings', { 'm.grid': { $in: [...MANY_GRIDS, 'JS-03'] } }, ['arrayWithout']],
  ['a number finds an int and a double, not a string', { 'm.grid': 1 }, ['double', 'number']],
  ['a string that looks like a number', { 'm.grid': '1' }, ['numberString']],
  ['zero finds minus zero', { 'm.grid': 0 }, ['negativeZero', 'zero']],
  ['a string with quotes, markup, Chinese and a newline', { 'm.grid': '网格 "引号" <a&b>\n' }, ['escaped']],
  ['a value nobody has', { 'm.grid': 'JS-99' }, []],
  ['a value only under another key', { 'm.grid': 'leader' }, []],
  ['with _id and a top-level field',
    { 'm.grid': 'JS-01', _id: { $in: ['object', 'arrayWith'] }, other: 'x' }, ['object']],
  ['a second key (not pushed down)',
    { 'm.role': { $in: ['leader', 'member'] } }, ['arrayWith', 'missingChild', 'object']],
  ['three parts (not pushed down)', { 'm.grid.code': 'JS-01' }, ['deeper']],
  ['an array index (not pushed down)', { 'm.0.grid': 'JS-02' }, ['arrayWith']],
];

describe.each(INDEXED)('the prefilter on a dotted path %s an index returns what MongoDB would', (_, indexed) => {
  let collection: mongoose.mongo.Collection<{ _id: string }>;

  beforeAll(async () => {
    collection = mongoose.connection.db!.collection(indexed ? 'dottedIndexed' : 'dotted');
    if (indexed) await collection.createIndex({ 'm.grid': 1 });
    await collection.insertMany(DOTTED_DOCS as Array<{ _id: string }>);
  });

  it.each(DOTTED_CASES)('%s', async (_label, filter, expected) => {
    const found = (await collection.find(filter).toArray()).map((d) => d._id).sort();
    expect(found).toEqual([...expected].sort());
    expect(await collection.countDocuments(filter)).toBe(expected.length);
  });

  it('reaches SQLite: the plan looks into the array with json_each', async () => {
    const filter = { 'm.grid': { $in: ['JS-01', 'JS-02'] } };
    const explained = (await collection.find(filter).explain('queryPlanner')) as unknown as {
      filterPushdown: boolean;
      queryPlanner: { Plan: string[] };
    };
    expect(explained.filterPushdown).toBe(true);
    expect(explained.queryPlanner.Plan.some((line) => /SCAN json_each VIRTUAL TABLE/.test(line))).toBe(true);
    const notPushed = (await collection.find({ 'm.grid.code': 'JS-01' }).explain('queryPlanner')) as unknown as {
      filterPushdown: boolean;
    };
    expect(notPushed.filterPushdown).toBe(false);
  });

  it('updates and deletes exactly the documents a dotted filter matches', async () => {
    expect((await collection.updateMany({ 'm.grid': 'JS-02' }, { $set: { seen: true } })).modifiedCount).toBe(3);
    const seen = (await collection.find({ seen: true }).toArray()).map((d) => d._id).sort();
    expect(seen).toEqual(['arrayWith', 'childArray', 'otherObject']);
    expect((await collection.deleteMany({ 'm.grid': { $in: [0, 1] } })).deletedCount).toBe(4);
    expect(await collection.countDocuments()).toBe(DOTTED_DOCS.length - 4);
  });
});
