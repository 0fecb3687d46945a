import type { Model, PipelineStage } from 'mongoose';
import { deadlinesOver, monthlyDeadlines, type AssessmentWindow, type MonthlyDeadline } from '../domain/assessmentYear.js';
import { targetsGrid } from '../domain/noticeTarget.js';
import type { MemberRecord } from '../domain/scoring.js';
import { streetSettings } from '../reminders/settings.js';
import { ActivityModel } from '../store/models/activity.js';
import { AttendanceModel } from '../store/models/attendance.js';
import { ChatBindingModel } from '../store/models/chatBinding.js';
import { GridModel } from '../store/models/grid.js';
import { MemberModel } from '../store/models/member.js';
import { MonthlyReportModel } from '../store/models/monthlyReport.js';
import { NoticeModel } from '../store/models/notice.js';
import { NoticeAckModel } from '../store/models/noticeAck.js';
import { ReturnsFilingModel } from '../store/models/returnsFiling.js';

/**
 * Each assessed member's record for a year, from one streamed pass over each collection.
 *
 * Why streaming and not `$group`: FerretDB 1.24 pushes no filter down to SQLite (every query reads
 * the whole collection) and its `$group` finds a document's group by a linear search over the groups
 * found so far, so grouping by member is quadratic. Each collection is therefore read once for all
 * the streets asked for, `$match`ed and `$project`ed to a few fields in the database, and counted
 * here in maps, with the rows as they arrive. On MongoDB the same `$match`es use the indexes.
 */
export interface Tallied {
  street: string;
  member: string;
  name: string;
  unit: string;
  /** Their grids in the street (street and level-3), and the level-3 grids they lead. */
  grids: string[];
  leads: string[];
  record: MemberRecord;
}

interface GridInfo {
  street: string;
  level: number;
}

const BATCH = 5000;
const NOTHING_YET: MemberRecord = { attendance: { done: 0, expected: 0 }, returns: { done: 0, expected: 0 }, notices: { done: 0, expected: 0 }, isLeader: false };

async function stream<T>(model: Model<any>, pipeline: PipelineStage[], onRow: (row: T) => void): Promise<void> {
  for await (const row of model.aggregate<T>(pipeline).cursor({ batchSize: BATCH })) onRow(row);
}

const listIn = <K, V>(map: Map<K, V[]>, key: K): V[] => map.get(key) ?? map.set(key, []).get(key)!;

const bit = (i: number) => 1n << BigInt(i);
function popcount(mask: bigint): number {
  let n = 0;
  for (let m = mask; m; m &= m - 1n) n++;
  return n;
}

/** Deadlines of a monthly duty by street, reckoned once per distinct day of the month. */
function deadlinesByStreet(streets: Map<string, number>, year: number, asOf: Date) {
  const byDay = new Map<number, { all: Map<string, MonthlyDeadline>; over: number }>();
  const out = new Map<string, { all: Map<string, MonthlyDeadline>; over: number }>();
  for (const [street, day] of streets) {
    let d = byDay.get(day);
    if (!d) {
      const all = monthlyDeadlines(year, day);
      d = { all: new Map(all.map((x) => [x.period, x])), over: deadlinesOver(all, asOf).length };
      byDay.set(day, d);
    }
    out.set(street, d);
  }
  return out;
}

/** On time: the month's deadline is over by `asOf` and the thing came before it. */
function onTime(deadlines: { all: Map<string, MonthlyDeadline> } | undefined, period: string, at: Date, asOf: Date): boolean {
  const d = deadlines?.all.get(period);
  return !!d && d.lateFrom <= asOf && at < d.lateFrom;
}

/**
 * The records of the members of some streets (all when omitted) for the assessment window. A
 * member is assessed in a street where they belong to a level-3 grid; one in two streets is
 * assessed in each, on what they did there.
 */
export async function collectTallies(window: AssessmentWindow, streets?: string[]): Promise<Map<string, Tallied[]>> {
  const { year, from, to, asOf } = window;
  const inStreets = streets ? { street: { $in: streets } } : {};

  // Phase 1: the small things, and the activities (whose numbers the attendance pass checks against).
  const [grids, settings, bound, notices] = await Promise.all([
    GridModel.find({ level: { $in: [2, 3] }, ...inStreets }, { code: 1, level: 1, street: 1, industry: 1 }).lean(),
    streetSettings(streets),
    ChatBindingModel.distinct('grid').then((g) => new Set<string>(g)),
    NoticeModel.find({ createdAt: { $gte: from, $lt: asOf } }, { code: 1, streets: 1, levels: 1, industries: 1 }).sort({ createdAt: 1 }).lean(),
  ]);
  const gridInfo = new Map<string, GridInfo>(grids.filter((g) => g.street).map((g) => [g.code, { street: g.street!, level: g.level }]));
  const gridCodes = [...gridInfo.keys()];
  const inGrids = streets ? { grid: { $in: gridCodes } } : {};
  const returnsDue = deadlinesByStreet(new Map(settings.map((s) => [s.code, s.settings.returnsEndDay])), year, asOf);
  const reportsDue = deadlinesByStreet(new Map(settings.map((s) => [s.code, s.settings.reportDueDay])), year, asOf);
  // A notice is expected of the people of the grids it went to (the bound ones): one bit per notice.
  const noticeBit = new Map(notices.map((n, i) => [n.code, bit(i)]));
  const noticeMask = new Map<string, bigint>();
  for (const g of grids) {
    if (!bound.has(g.code)) continue;
    let mask = 0n;
    for (const n of notices) if (targetsGrid(n, g)) mask |= noticeBit.get(n.code)!;
    noticeMask.set(g.code, mask);
  }

  const held = new Map<string, number>();
  const counted = new Set<number>();
  await stream<{ number: number; grid: string }>(
    ActivityModel,
    [{ $match: { startsAt: { $gte: from, $lt: to }, checkInClosesAt: { $lte: asOf }, ...inGrids } }, { $project: { _id: 0, number: 1, grid: 1 } }],
    (a) => {
      if (!gridInfo.has(a.grid)) return;
      held.set(a.grid, (held.get(a.grid) ?? 0) + 1);
      counted.add(a.number);
    },
  );

  // Phase 2: the people and the big collections, read side by side.
  // Filled in by the member pass; their records once every pass is done.
  const byStreet = new Map<string, Array<Tallied & { files: boolean }>>();
  const attended = new Map<string, number>();
  const returnsOnTime = new Map<string, number>();
  const acked = new Map<string, bigint>();
  const reportsOnTime = new Map<string, number>();
  const periods = { $gte: `${year}-01`, $lte: `${year}-12` };
  const level3 = gridCodes.filter((c) => gridInfo.get(c)!.level === 3);

  await Promise.all([
    stream<{ _id: unknown; name: string; unit?: string; memberships: Array<{ grid: string; role: string }> }>(
      MemberModel,
      [...(streets ? [{ $match: { 'memberships.grid': { $in: level3 } } }] : []), { $project: { name: 1, unit: 1, memberships: 1 } }],
      (m) => {
        const theirs = new Map<string, Array<{ grid: string; role: string; level: number }>>();
        for (const ms of m.memberships) {
          const g = gridInfo.get(ms.grid);
          if (g) listIn(theirs, g.street).push({ ...ms, level: g.level });
        }
        for (const [street, ms] of theirs) {
          const own = ms.filter((x) => x.level === 3);
          if (!own.length) continue;
          listIn(byStreet, street).push({
            street,
            member: String(m._id),
            name: m.name,
            unit: m.unit ?? '',
            grids: ms.map((x) => x.grid),
            leads: own.filter((x) => x.role === 'leader').map((x) => x.grid),
            files: own.some((x) => x.role !== 'leader'),
            record: NOTHING_YET,
          });
        }
      },
    ),
    stream<{ member: string; grid: string; activity: number }>(
      AttendanceModel,
      // A check-in comes within its activity's window, which may open the evening before the year starts.
      [{ $match: { status: 'present', at: { $gte: new Date(from.getTime() - 86_400_000), $lte: asOf }, ...inGrids } }, { $project: { _id: 0, member: 1, grid: 1, activity: 1 } }],
      (a) => {
        if (!counted.has(a.activity)) return;
        const key = `${a.member}\t${a.grid}`;
        attended.set(key, (attended.get(key) ?? 0) + 1);
      },
    ),
    stream<{ member: string; street: string; period: string; filedAt: Date }>(
      ReturnsFilingModel,
      [{ $match: { period: periods, ...inStreets } }, { $project: { _id: 0, member: 1, street: 1, period: 1, filedAt: 1 } }],
      (f) => {
        if (!onTime(returnsDue.get(f.street), f.period, f.filedAt, asOf)) return;
        const key = `${f.street}\t${f.member}`;
        returnsOnTime.set(key, (returnsOnTime.get(key) ?? 0) + 1);
      },
    ),
    notices.length
      ? stream<{ notice: string; member: string }>(
          NoticeAckModel,
          [{ $match: { notice: { $in: notices.map((n) => n.code) } } }, { $project: { _id: 0, notice: 1, member: 1 } }],
          (a) => acked.set(a.member, (acked.get(a.member) ?? 0n) | noticeBit.get(a.notice)!),
        )
      : undefined,
    stream<{ grid: string; street: string; period: string; submittedAt: Date }>(
      MonthlyReportModel,
      [{ $match: { period: periods, ...inStreets } }, { $project: { _id: 0, grid: 1, street: 1, period: 1, submittedAt: 1 } }],
      (r) => {
        if (onTime(reportsDue.get(r.street), r.period, r.submittedAt, asOf)) reportsOnTime.set(r.grid, (reportsOnTime.get(r.grid) ?? 0) + 1);
      },
    ),
  ]);

  const sum = (codes: string[], f: (code: string) => number | undefined) => codes.reduce((n, c) => n + (f(c) ?? 0), 0);
  for (const list of byStreet.values()) {
    for (const p of list) {
      const expectedNotices = p.grids.reduce((mask, g) => mask | (noticeMask.get(g) ?? 0n), 0n);
      p.record = {
        attendance: { done: sum(p.grids, (g) => attended.get(`${p.member}\t${g}`)), expected: sum(p.grids, (g) => held.get(g)) },
        returns: p.files ? { done: returnsOnTime.get(`${p.street}\t${p.member}`) ?? 0, expected: returnsDue.get(p.street)?.over ?? 0 } : { done: 0, expected: 0 },
        notices: { done: popcount((acked.get(p.member) ?? 0n) & expectedNotices), expected: popcount(expectedNotices) },
        reports: { done: sum(p.leads, (g) => reportsOnTime.get(g)), expected: p.leads.length * (reportsDue.get(p.street)?.over ?? 0) },
        isLeader: p.leads.length > 0,
      };
    }
  }
  return byStreet;
}
