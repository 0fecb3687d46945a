/**
 * Time and peak memory to assess a province-sized district: MEMBERS grid members in streets of
 * PER_STREET (25 grids of 20: a leader, a deputy, 18 members), with a year of records generated
 * by bulk inserts — 5 activities a grid (80% check in), monthly returns (95% filed, 90% of those
 * on time), 12 bureau notices (85% acknowledged), monthly reports (90% on time). Then every
 * street's draft at once (`draftAssessments`, what `npm run admin -- assess` runs), and one
 * street's draft (what `/考核 试算` costs at that size). Runs on its own FerretDB (or the MongoDB in
 * MONGODB_URI).
 *
 *   npx tsx bench/assessment.ts [MEMBERS] [PER_STREET]     defaults: 50000 500
 */
import { readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Types, type Model } from 'mongoose';
import { draftAssessments } from '../src/assessment/workflow.js';
import { atLocal } from '../src/domain/chinaTime.js';
import { seededRandom } from '../src/seed/names.js';
import { freshTempDir, startMongo, type LocalService } from '../src/services/localServices.js';
import { connectStore, disconnectStore } from '../src/store/connect.js';
import { ActivityModel } from '../src/store/models/activity.js';
import { AssessmentResultModel } from '../src/store/models/assessmentResult.js';
import { AttendanceModel } from '../src/store/models/attendance.js';
import { bindingKey, ChatBindingModel } from '../src/store/models/chatBinding.js';
import { GridModel } from '../src/store/models/grid.js';
import { MemberModel } from '../src/store/models/member.js';
import { MonthlyReportModel } from '../src/store/models/monthlyReport.js';
import { NoticeModel } from '../src/store/models/notice.js';
import { NoticeAckModel } from '../src/store/models/noticeAck.js';
import { ReturnsFilingModel } from '../src/store/models/returnsFiling.js';

const MEMBERS = Number(process.argv[2] ?? 50_000);
const PER_STREET = Number(process.argv[3] ?? 500);
const PER_GRID = 20;
const YEAR = 2026;
const NOW = atLocal(`${YEAR}-12-20`, '10:00');
const BATCH = 10_000;
const NOTICES = 12;

const at = (month: number, day: number, time = '10:00') => atLocal(`${YEAR}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`, time);
const period = (month: number) => `${YEAR}-${String(month).padStart(2, '0')}`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** Buffers documents per collection and inserts them ten thousand at a time. */
class BulkLoader {
  private readonly buffers = new Map<Model<any>, unknown[]>();
  inserted = 0;
  async add(model: Model<any>, doc: unknown): Promise<void> {
    const buffer = this.buffers.get(model) ?? this.buffers.set(model, []).get(model)!;
    buffer.push(doc);
    if (buffer.length >= BATCH) await this.flush(model);
  }
  async flush(model: Model<any>): Promise<void> {
    const docs = this.buffers.get(model) ?? [];
    this.buffers.set(model, []);
    if (docs.length) await model.collection.insertMany(docs as never[], { ordered: false });
    this.inserted += docs.length;
  }
  async flushAll(): Promise<void> {
    for (const model of this.buffers.keys()) await this.flush(model);
  }
}

async function generate(): Promise<{ streets: number; docs: number }> {
  const random = seededRandom(2026);
  const load = new BulkLoader();
  const streets = Math.ceil(MEMBERS / PER_STREET);
  const gridsPerStreet = Math.ceil(PER_STREET / PER_GRID);
  await GridModel.collection.insertOne({ _id: 'P', code: 'P', name: '全省统计网格', level: 1, excellentYears: [] } as never);
  for (let n = 1; n <= NOTICES; n++) {
    await load.add(NoticeModel, { code: `N-${String(n).padStart(4, '0')}`, eventKey: `bench:N${n}`, text: '通知', streets: [], levels: [], industries: [], createdAt: at(n, 3), createdBy: 'bench' });
  }
  let activity = 0;
  let people = 0;
  for (let s = 1; s <= streets && people < MEMBERS; s++) {
    const street = `S${String(s).padStart(4, '0')}`;
    await load.add(GridModel, { _id: street, code: street, name: `第${s}街道统计网格`, level: 2, parent: 'P', street, excellentYears: [] });
    for (let g = 1; g <= gridsPerStreet && people < MEMBERS; g++) {
      const grid = `${street}-${String(g).padStart(2, '0')}`;
      await load.add(GridModel, { _id: grid, code: grid, name: `第${s}街道网格${g}`, level: 3, industry: '工业', parent: street, street, excellentYears: [] });
      await load.add(ChatBindingModel, { _id: bindingKey('console', grid), platform: 'console', chatId: grid, grid });
      const members = Array.from({ length: Math.min(PER_GRID, MEMBERS - people) }, (_, i) => ({
        _id: new Types.ObjectId(),
        role: i === 0 ? 'leader' : i === 1 ? 'deputy' : 'member',
      }));
      people += members.length;
      for (const [i, m] of members.entries()) {
        await load.add(MemberModel, { _id: m._id, name: `成员${people - members.length + i + 1}`, phone: `1${String(people - members.length + i).padStart(10, '0')}`, unit: `${grid}单位${i}`, memberships: [{ grid, role: m.role }], identities: [] });
      }
      const heldMonths = [2, 5, 8, 11, 6];
      for (const month of heldMonths) {
        const number = ++activity;
        await load.add(ActivityModel, {
          number, grid, street, type: month === 6 ? 'training' : 'meeting', title: '例会', startsAt: at(month, 15, '14:00'),
          checkInOpensAt: at(month, 15, '13:30'), checkInClosesAt: at(month, 15, '14:30'), place: '统计之家', platform: 'console', chatId: grid, createdBy: 'bench', eventKey: `bench:A${number}`,
        });
        for (const m of members) {
          if (random() < 0.8) await load.add(AttendanceModel, { activity: number, grid, member: m._id.toString(), memberName: 'x', status: 'present', at: at(month, 15, '13:45') });
        }
      }
      for (let month = 1; month <= 12; month++) {
        for (const m of members) {
          if (m.role === 'leader' || random() >= 0.95) continue;
          await load.add(ReturnsFilingModel, { period: period(month), member: m._id.toString(), grid, street, filedAt: at(month, random() < 0.9 ? 6 : 14) });
        }
        if (month < 12) await load.add(MonthlyReportModel, { grid, street, period: period(month), text: '汇报', submittedAt: at(month, random() < 0.9 ? 20 : 27), submittedBy: members[0]!._id.toString() });
      }
      for (let n = 1; n <= NOTICES; n++) {
        for (const m of members) if (random() < 0.85) await load.add(NoticeAckModel, { notice: `N-${String(n).padStart(4, '0')}`, member: m._id.toString(), at: at(n, 4) });
      }
    }
  }
  await load.flushAll();
  return { streets, docs: load.inserted };
}

/** The database server (the child of the shell that watches it, when we started it): its /proc status and stat. */
function serverProc(service: LocalService | undefined): { pid: string } | undefined {
  try {
    const shell = service!.process.pid!;
    const [pid] = readFileSync(`/proc/${shell}/task/${shell}/children`, 'utf8').trim().split(/\s+/);
    return pid ? { pid } : undefined;
  } catch {
    return undefined;
  }
}

/** CPU seconds the server has used so far (user + system), Linux only. */
function serverCpu(server: { pid: string } | undefined): number {
  if (!server) return NaN;
  const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const serverPeak = (server: { pid: string } | undefined) =>
  server ? `${Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))![1]) / 1024)} MB` : 'n/a';

interface Measured<T> {
  value: T;
  ms: number;
  peakRss: number;
  cpu: string;
}

/** Wall time, this process's peak RSS (sampled every 50 ms), and the CPU time of both processes while `what` runs. */
async function measured<T>(what: () => Promise<T>, server: { pid: string } | undefined): Promise<Measured<T>> {
  let peakRss = process.memoryUsage().rss;
  const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const [cpu0, server0, start] = [process.cpuUsage(), serverCpu(server), performance.now()];
  try {
    const value = await what();
    const used = process.cpuUsage(cpu0);
    const cpu = `CPU: this process ${secs((used.user + used.system) / 1000)}, database ${secs((serverCpu(server) - server0) * 1000)}`;
    return { value, ms: performance.now() - start, peakRss: Math.max(peakRss, process.memoryUsage().rss), cpu };
  } finally {
    clearInterval(timer);
  }
}

async function main(): Promise<void> {
  const dir = process.env.MONGODB_URI ? undefined : freshTempDir('statgrid-bench-assessment-');
  let mongo: LocalService | undefined;
  const uri = process.env.MONGODB_URI ?? (mongo = await startMongo(join(dir!, 'mongo'), 'bench')).url;
  try {
    await connectStore(uri);
    const server = serverProc(mongo);
    const load = await measured(generate, server);
    console.log(`${MEMBERS} members in ${load.value.streets} streets: ${load.value.docs} documents loaded in ${secs(load.ms)} on ${mongo ? 'FerretDB 1.24 (SQLite)' : uri}`);

    const by = { name: 'bench' };
    const all = await measured(() => draftAssessments({ year: YEAR, now: NOW, by, eventKey: 'bench:all' }), server);
    const drafted = all.value.outcomes.filter((o) => o.ok).length;
    const assessed = await AssessmentResultModel.estimatedDocumentCount();
    console.log(`assess every street: ${assessed} members in ${drafted} streets in ${secs(all.ms)}; peak RSS ${mb(all.peakRss)}; ${all.cpu}`);

    const one = await measured(() => draftAssessments({ year: YEAR, streets: ['S0001'], now: NOW, by, eventKey: 'bench:one' }), server);
    console.log(`assess one street again (/考核 试算): ${secs(one.ms)}; peak RSS ${mb(one.peakRss)}; ${one.cpu}`);
    console.log(`bench process max RSS ${mb(process.resourceUsage().maxRSS * 1024)}; database peak RSS ${serverPeak(server)}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    await disconnectStore();
    await mongo?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
