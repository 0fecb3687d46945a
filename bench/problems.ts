/**
 * Time to list the bureau's open problems (count + first page of 10, oldest first) with 100,000
 * problems stored, and to find one problem by its number. Runs on its own FerretDB (or on the
 * MongoDB in MONGODB_URI).
 *
 *   npx tsx bench/problems.ts [TOTAL] [UNRESOLVED_SHARE]     defaults: 100000 0.03
 *
 * FerretDB 1.24 uses no secondary index (explain: filterPushdown false, a full SCAN): it reads and
 * filters every document itself. So the lists read `openproblems` (one small row per unresolved
 * problem, index `raisedAt_1` on MongoDB) rather than every problem ever raised, and a problem is
 * found by `_id` ("Q-4242"), the one lookup FerretDB does by index (for string or ObjectId ids). For comparison the script
 * also times the same list over the whole `problems` collection.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Types } from 'mongoose';
import { formatProblemNo, UNRESOLVED } from '../src/domain/problemFlow.js';
import { openProblems, openRowOf } from '../src/problems/list.js';
import { findProblem } from '../src/problems/lookup.js';
import { freshTempDir, startMongo, type LocalService } from '../src/embedded/localServices.js';
import { connectStore, disconnectStore } from '../src/store/connect.js';
import { OpenProblemModel } from '../src/store/models/openProblem.js';
import { ProblemModel, type ProblemRecord } from '../src/store/models/problem.js';

const TOTAL = Number(process.argv[2] ?? 100_000);
const OPEN_SHARE = Number(process.argv[3] ?? 0.03);
const RUNS = Number(process.env.RUNS ?? 20);

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32;
}

/** Problem n of a district's three years: most resolved, the recent ones more often open. */
function problemDoc(n: number, random: () => number) {
  const street = `S${String(1 + Math.floor(random() * 14)).padStart(2, '0')}`;
  const grid = `${street}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}`;
  const r = random();
  const status = r < OPEN_SHARE * 0.6 ? 'open' : r < OPEN_SHARE ? 'answered' : 'resolved';
  const raisedAt = new Date(Date.UTC(2023, 0, 1) + Math.floor((n / TOTAL) * 3 * 365 * 86_400_000));
  const asker = new Types.ObjectId().toString();
  const steps = [
    { kind: 'ask', at: raisedAt, by: asker, byName: '提问人', level: 3, text: '规上工业月报的报送时间和口径？' },
    ...(status === 'open' ? [] : [{ kind: 'answer', at: raisedAt, byName: '网格长', level: 3, text: '每月5日前在联网直报平台报送。' }]),
    ...(status === 'resolved' ? [{ kind: 'resolve', at: raisedAt, level: 3 }] : []),
  ];
  return {
    _id: formatProblemNo(n), number: n, eventKey: `bench:${n}`, grid, gridName: `${grid} 网格`, gridLevel: 3, street, district: 'OH',
    askerId: asker, askerName: '提问人', askerUnit: '某某制造有限公司',
    origin: { platform: 'console', chatId: grid, chatType: 'group', userId: '13900000000' },
    text: `第 ${n} 个问题：规上工业月报的报送时间和口径？`, attachments: [], status, level: 3, round: 0, raisedAt,
    steps, events: [`bench:${n}`], standard: false, createdAt: raisedAt, updatedAt: raisedAt,
  };
}

async function timeIt(what: () => Promise<unknown>, runs = RUNS): Promise<string> {
  await what(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await what();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  return `median ${ms[Math.floor(runs / 2)]!.toFixed(1)} ms, p90 ${ms[Math.floor(runs * 0.9)]!.toFixed(1)} ms (${runs} runs)`;
}

const plan = (e: unknown) => {
  const x = e as { filterPushdown?: boolean; queryPlanner?: { Plan?: string[]; winningPlan?: unknown } };
  return x.queryPlanner?.Plan ? `${x.queryPlanner.Plan.join('; ')}; filterPushdown ${x.filterPushdown}` : JSON.stringify(x.queryPlanner?.winningPlan).slice(0, 200);
};

async function main(): Promise<void> {
  const dir = process.env.MONGODB_URI ? undefined : freshTempDir('statgrid-bench-');
  let mongo: LocalService | undefined;
  const uri = process.env.MONGODB_URI ?? (mongo = await startMongo(join(dir!, 'mongo'), 'bench')).url;
  try {
    await connectStore(uri);
    await Promise.all([ProblemModel.deleteMany({}), OpenProblemModel.deleteMany({})]);
    const random = seeded(2022);
    const loadStart = performance.now();
    for (let i = 1; i <= TOTAL; i += 5_000) {
      const batch = Array.from({ length: Math.min(5_000, TOTAL - i + 1) }, (_, k) => problemDoc(i + k, random));
      await ProblemModel.collection.insertMany(batch as never[], { ordered: false });
      const open = batch.filter((p) => UNRESOLVED.includes(p.status as 'open'));
      if (open.length) await OpenProblemModel.collection.insertMany(open.map((p) => ({ _id: p._id, ...openRowOf(p as unknown as ProblemRecord) })) as never[]);
    }
    const rows = await OpenProblemModel.estimatedDocumentCount();
    console.log(`${TOTAL} problems stored, ${rows} unresolved, in ${((performance.now() - loadStart) / 1000).toFixed(1)} s on ${mongo ? 'FerretDB 1.24 (SQLite)' : uri}`);

    const first = await openProblems({}, 1);
    console.log(`bureau page 1: ${first.items.length} of ${first.total}, oldest raised ${first.items[0]?.raisedAt.toISOString().slice(0, 10)}`);
    console.log(`plan, bureau list:        ${plan(await OpenProblemModel.find({}).sort({ raisedAt: 1, number: 1 }).limit(10).explain())}`);
    console.log(`plan, problem by number:  ${plan(await ProblemModel.find({ _id: 'Q-4242' }).explain())}`);
    console.log(`bureau list (count + page 1, openproblems):   ${await timeIt(() => openProblems({}, 1))}`);
    console.log(`bureau list, last page:                       ${await timeIt(() => openProblems({}, first.pages))}`);
    console.log(`one street (count + page 1, openproblems):    ${await timeIt(() => openProblems({ street: 'S07' }, 1))}`);
    console.log(`a problem by its number (findProblem):        ${await timeIt(() => findProblem('Q-4242'))}`);
    const naive = async () => {
      const filter = { status: { $in: UNRESOLVED } };
      await ProblemModel.countDocuments(filter);
      await ProblemModel.find(filter, { steps: 0, events: 0 }).sort({ raisedAt: 1 }).limit(10).lean();
    };
    console.log(`for comparison, the same list over all problems: ${await timeIt(naive, TOTAL > 20_000 ? 1 : 3)}`);
  } finally {
    await disconnectStore();
    await mongo?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
