/**
 * Import of a bureau's sheet of N survey objects (default 20,000) over Ouhai's fourteen streets:
 * the first import into an empty store, the same file again (a no-op), and a file in which a share
 * of the objects (default 1%; 0 skips it) changed industry. Prints the times and the size
 * distribution of the drawn grids. Runs on its own FerretDB (or on the MongoDB in MONGODB_URI).
 *
 *   npx tsx bench/import.ts [N] [CHANGED_SHARE] [--xlsx]
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { withCheckCharacter } from '../src/domain/creditCode.js';
import { DEFAULT_PARTITION_RULES } from '../src/domain/gridPartition.js';
import { applyImport } from '../src/import/applyImport.js';
import { formatSizes, summarizeSizes } from '../src/import/gridSizes.js';
import { planImport, type ImportPlan } from '../src/import/planImport.js';
import { readSheet } from '../src/import/readSheet.js';
import { numberedName, seededRandom } from '../src/seed/names.js';
import { INDUSTRIES, STREETS, VILLAGE_INDUSTRY } from '../src/seed/ouhai.js';
import { connectStore, disconnectStore } from '../src/store/connect.js';
import { runSection, withinShare, type Row } from './lib/report.js';
import { withServices } from './lib/services.js';
import { measured, toMb } from './lib/stats.js';
import '../src/store/models/grid.js';
import '../src/store/models/member.js';
import '../src/store/models/surveyObject.js';

const [n, share] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const N = Number(n ?? 20_000);
const CHANGED_SHARE = Number(share ?? 0.01);
const XLSX = process.argv.includes('--xlsx');
const HEADER = ['街道/镇', '单位名称', '统一社会信用代码', '行业', '统计员姓名', '手机号', '角色'];
/** Streets are uneven in size, and industries in share, as in the demo district. */
const INDUSTRY_SHARES: Array<[string, number]> = [
  [INDUSTRIES[0], 0.4], [INDUSTRIES[1], 0.22], [INDUSTRIES[2], 0.18], [INDUSTRIES[3], 0.08], [INDUSTRIES[4], 0.04], [VILLAGE_INDUSTRY, 0.08],
];

/** The sheet's rows, generated one at a time (so the bench's own copy does not swell the memory measured). */
function* sheetRows(changedShare: number): Generator<string[]> {
  const random = seededRandom(600_000);
  const weights = STREETS.map(() => 0.3 + random());
  const total = weights.reduce((a, b) => a + b, 0);
  const pick = <T>(items: Array<[T, number]>) => {
    let r = random();
    for (const [item, w] of items) if ((r -= w) < 0) return item;
    return items[0]![0];
  };
  const streets = STREETS.map((s, i): [string, number] => [s.name, weights[i]! / total]);
  for (let i = 0; i < N; i++) {
    const industry = pick(INDUSTRY_SHARES);
    const street = pick(streets);
    // One statistician in ten keeps the books of two units.
    const person = i % 10 === 9 ? i - 1 : i;
    const changed = i % Math.round(1 / changedShare) === 0 && changedShare > 0;
    yield [
      street,
      `温州测试${i + 1}有限公司`,
      withCheckCharacter(`91330304${String(i + 1).padStart(9, '0')}`),
      changed ? (industry === INDUSTRIES[1] ? INDUSTRIES[2] : INDUSTRIES[1]) : industry,
      numberedName('统计员', person + 1),
      `137${String(person + 1).padStart(8, '0')}`,
      '网格员',
    ];
  }
}

async function writeSheet(path: string, rows: Iterable<string[]>): Promise<string> {
  if (!XLSX) {
    await pipeline(Readable.from(withHeader(rows)), stringify(), createWriteStream(path));
    return path;
  }
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
  const sheet = writer.addWorksheet('调查对象');
  for (const r of withHeader(rows)) sheet.addRow(r).commit();
  await writer.commit();
  return path;
}

function* withHeader(rows: Iterable<string[]>): Generator<string[]> {
  yield HEADER;
  yield* rows;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
/** The target: 600,000 objects in 120 s; a smaller run is held to its share of it. */
const FULL_SIZE = 600_000;
const TARGET_S = 120;

/** One import; the sheet is read as it is checked, so reading is timed with planning. */
async function run(label: string, path: string): Promise<ImportPlan> {
  const t0 = Date.now();
  const plan = await planImport(await readSheet(path), DEFAULT_PARTITION_RULES);
  const t1 = Date.now();
  if (plan.errors.length) throw new Error(`${plan.errors.length} row errors, first: ${plan.errors[0]!.reason.en}`);
  await applyImport(plan, new Date());
  const t2 = Date.now();
  const { objects, members } = plan;
  const writes = `${plan.newGrids.length + objects.insert.length + members.insert.length} inserts, ${objects.update.length + members.update.length} updates`;
  console.log(`${label.padEnd(22)} read and plan ${seconds(t1 - t0)}, write ${seconds(t2 - t1)} (${writes}), total ${seconds(t2 - t0)}`);
  return plan;
}

runSection(() =>
  withServices({ mongo: true }, async ({ dir, mongoUri, database }) => {
    await connectStore(mongoUri);
    try {
      const file = (name: string) => join(dir, `${name}.${XLSX ? 'xlsx' : 'csv'}`);
      const first = await writeSheet(file('bureau'), sheetRows(0));
      const changedSheet = CHANGED_SHARE > 0 ? await writeSheet(file('bureau-changed'), sheetRows(CHANGED_SHARE)) : '';
      console.log(`${N} survey objects, ${XLSX ? 'XLSX' : 'CSV'}, ${database}`);
      const firstRun = await measured(() => run('first import', first));
      const plan = firstRun.value;
      console.log(`grids drawn: ${formatSizes(summarizeSizes(plan.gridSizes.values()))}`);
      const again = await measured(() => run('same file again', first));
      const changedLabel = `${CHANGED_SHARE * 100}% changed industry`;
      const changed = CHANGED_SHARE > 0 ? await measured(() => run(changedLabel, changedSheet)) : undefined;
      if (changed) {
        const after = changed.value;
        console.log(`  moved ${after.objects.update.length} objects, ${after.newGrids.length} new grids; ${formatSizes(summarizeSizes(after.gridSizes.values()))}`);
      }
      const section = 'Import';
      const size = `${N.toLocaleString('en-US')} survey objects (${XLSX ? 'XLSX' : 'CSV'}) into ${plan.gridSizes.size.toLocaleString('en-US')} grids`;
      const firstS = Math.round(firstRun.ms / 100) / 10;
      const rows: Row[] = [
        {
          section, measure: 'first import: time', size, value: firstS, unit: 's',
          ...withinShare(firstS, TARGET_S, N, FULL_SIZE),
        },
        { section, measure: 'first import: peak RSS', size, value: toMb(firstRun.peakRss), unit: 'MB' },
        { section, measure: 'same file again (no change): time', size, value: Math.round(again.ms / 100) / 10, unit: 's' },
        { section, measure: 'same file again: peak RSS', size, value: toMb(again.peakRss), unit: 'MB' },
        ...(changed ? [{ section, measure: `${changedLabel}: time`, size, value: Math.round(changed.ms / 100) / 10, unit: 's' }] : []),
      ];
      return rows;
    } finally {
      await disconnectStore();
    }
  }),
);
