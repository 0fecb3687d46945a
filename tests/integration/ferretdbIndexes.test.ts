import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectStore, disconnectStore } from '../../src/store/connect.js';

/*
 * SQLite uses an expression index only for a WHERE term with the same expression text. Our FerretDB
 * build writes its prefilter on an indexed field as FerretDB writes the index (patches 01 and 02 in
 * src/embedded/ferretdb/). FerretDB's explain runs SQLite's EXPLAIN QUERY PLAN on the statement its
 * query runs; the index it names is read from the SQLite file FerretDB writes, opened read-only.
 */

const DAY = 86_400_000;
const START = Date.UTC(2026, 2, 1);
const dbName = `t_${randomUUID().slice(0, 8)}`;
let activities: mongoose.mongo.Collection;

beforeAll(async () => {
  await connectStore(`${inject('mongoBaseUri')}/${dbName}`);
  activities = mongoose.connection.db!.collection('activities');
  await activities.insertMany(
    Array.from({ length: 500 }, (_, i) => ({
      _id: `a${i}` as never,
      code: `A-${i}`,
      grid: `JS-${String(i % 50).padStart(2, '0')}`,
      startsAt: new Date(START + (i % 90) * DAY),
    })),
  );
  await activities.createIndex({ code: 1 }, { unique: true, name: 'code_1' });
  await activities.createIndex({ grid: 1, startsAt: 1 }, { name: 'grid_1_startsAt_1' });
});
afterAll(() => disconnectStore());

/** SQLite's EXPLAIN QUERY PLAN lines for the statement FerretDB runs for this filter. */
async function queryPlan(filter: Record<string, unknown>): Promise<string[]> {
  const explained = await activities.find(filter).explain('queryPlanner');
  return (explained as unknown as { queryPlanner: { Plan: string[] } }).queryPlanner.Plan;
}

/** The index definitions in the SQLite file FerretDB writes for this database, by name. */
function sqliteIndexes(): Map<string, string> {
  const file = join(inject('mongoDataDir'), `${dbName}.sqlite`);
  const sql = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL";
  const out = execFileSync('sqlite3', ['-readonly', '-separator', '\t', file, sql], { encoding: 'utf8' });
  return new Map(out.trim().split('\n').map((line) => line.split('\t') as [string, string]));
}

/** The indexes the plan searches (`SEARCH <table> USING INDEX <index> (...)`). */
const searchedIndexes = (plan: string[]) =>
  new Set(plan.flatMap((line) => [...line.matchAll(/SEARCH \S+ USING (?:COVERING )?INDEX (\S+)/g)].map((m) => m[1]!)));

const THOUSAND_IDS = Array.from({ length: 999 }, () => new mongoose.mongo.ObjectId());
const COMPOUND = '_ferretdb_sjson->"grid", _ferretdb_sjson->"startsAt"';
const QUERIES: Array<[string, Record<string, unknown>, string, string]> = [
  ['_id equality', { _id: 'a7' }, '_id_', '_ferretdb_sjson->"_id"'],
  ['_id $in', { _id: { $in: ['a7', 'a8'] } }, '_id_', '_ferretdb_sjson->"_id"'],
  // a directory lookup of a thousand members: up to 500 values only, the rest decoded every member in Go
  ['_id $in a thousand values', { _id: { $in: ['a7', ...THOUSAND_IDS] } }, '_id_', '_ferretdb_sjson->"_id"'],
  ['equality on an indexed field', { code: 'A-7' }, 'code_1', '_ferretdb_sjson->"code"'],
  ['$in on an indexed field', { code: { $in: ['A-7', 'A-8'] } }, 'code_1', '_ferretdb_sjson->"code"'],
  ['equality on a compound index\'s first field', { grid: 'JS-03' }, 'grid_1_startsAt_1', COMPOUND],
  [
    'equality and a date range on a compound index',
    { grid: 'JS-03', startsAt: { $gte: new Date(START), $lt: new Date(START + 30 * DAY) } },
    'grid_1_startsAt_1',
    COMPOUND,
  ],
];

describe('queries on indexed fields search the SQLite expression index', () => {
  it.each(QUERIES)('%s', async (_label, filter, indexName, expression) => {
    const plan = await queryPlan(filter);
    const searched = [...searchedIndexes(plan)];
    expect(plan.some((line) => / SCAN /.test(`${line} `))).toBe(false);
    expect(searched).toHaveLength(1);
    expect(searched[0]).toMatch(new RegExp(`_${indexName}$`));
    expect(sqliteIndexes().get(searched[0]!)).toContain(`(${expression})`);
    expect(await activities.countDocuments(filter)).toBeGreaterThan(0);
  });

  it('a field without an index is still scanned, so the test above can tell the difference', async () => {
    expect((await queryPlan({ name: 'x' })).some((line) => line.includes('SCAN'))).toBe(true);
  });
});
