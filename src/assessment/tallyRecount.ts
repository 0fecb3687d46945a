import { yearRange } from '../domain/attendanceWindow.js';
import { beforeDeadline, periodsOf } from '../domain/assessmentYear.js';
import { inForce } from '../domain/expectations.js';
import { ackGrids } from '../domain/noticeTarget.js';
import { streetSettings } from '../reminders/settings.js';
import { TallyFolder, type TallyDoc } from '../store/gridTallies.js';
import { ActivityModel } from '../store/models/activity.js';
import { AttendanceModel } from '../store/models/attendance.js';
import { ChatBindingModel } from '../store/models/chatBinding.js';
import { GridModel } from '../store/models/grid.js';
import { GridTallyModel } from '../store/models/gridTally.js';
import { MemberModel } from '../store/models/member.js';
import { MonthlyReportModel } from '../store/models/monthlyReport.js';
import { NoticeModel } from '../store/models/notice.js';
import { NoticeAckModel } from '../store/models/noticeAck.js';
import { ReturnsFilingModel } from '../store/models/returnsFiling.js';

const BATCH = 5000;

async function each<T>(query: { cursor(o: { batchSize: number }): AsyncIterable<T> }, onRow: (row: T) => void): Promise<void> {
  for await (const row of query.cursor({ batchSize: BATCH })) onRow(row);
}

/**
 * The grid tallies of a year counted again from the records (the source of truth), one streamed pass
 * over each collection: what the maintained tallies must equal, and what a rebuild writes. Slow on
 * FerretDB at a province's size (every record is read), so it is an admin task, not the assessment's path.
 */
export async function recountTallies(year: number): Promise<Map<string, TallyDoc>> {
  const { from, to } = yearRange(year);
  const periods = periodsOf(year);
  const [grids, activities, notices, settings, bound] = await Promise.all([
    GridModel.find({}, { _id: 0, code: 1, street: 1, level: 1, industry: 1 }).lean(),
    ActivityModel.find({ startsAt: { $gte: from, $lt: to } }, { _id: 0, number: 1, grid: 1, startsAt: 1, checkInClosesAt: 1, cancelledAt: 1 }).lean(),
    NoticeModel.find({ createdAt: { $gte: from, $lt: to } }, { _id: 0, code: 1, streets: 1, levels: 1, industries: 1 }).lean(),
    streetSettings(),
    ChatBindingModel.distinct('grid').then((codes) => new Set(codes)),
  ]);
  const gridByCode = new Map(grids.map((g) => [g.code, g]));
  // On time as `/已报` judged it: by the deadline in force in the month filed for.
  const endDays = new Map(settings.map((s) => [s.code, new Map(periods.map((p) => [p, inForce(s.deadlineDays, p).returnsEndDay]))]));
  const inYear = new Set(activities.map((a) => a.number));
  const folder = new TallyFolder();
  const key = (grid: string, street = gridByCode.get(grid)?.street ?? '') => ({ year, grid, street });
  for (const a of activities) {
    folder.add(key(a.grid), { kind: 'activity', activity: a.number, startsAt: a.startsAt, closesAt: a.checkInClosesAt });
    // Its check-ins stay counted, as `/取消活动` leaves them: the assessment leaves a cancelled activity out.
    if (a.cancelledAt) folder.add(key(a.grid), { kind: 'cancelled', activity: a.number });
  }
  // Acknowledgements count where `/收到` counts them: in the grids `ackGrids` names of the member's grids.
  const gridsOf = new Map<string, string[]>();
  await Promise.all([
    each(MemberModel.find({}, { memberships: 1 }).lean<{ _id: unknown; memberships: Array<{ grid: string }> }>(), (m) => gridsOf.set(String(m._id), m.memberships.map((x) => x.grid))),
    each(AttendanceModel.find({ status: 'present' }, { _id: 0, activity: 1, grid: 1, member: 1 }).lean(), (a) => {
      if (inYear.has(a.activity)) folder.add(key(a.grid), { kind: 'present', member: a.member });
    }),
    each(ReturnsFilingModel.find({ period: { $in: periods } }, { _id: 0 }).lean(), (f) => {
      const day = endDays.get(f.street)?.get(f.period);
      if (day !== undefined && beforeDeadline(f.period, day, f.filedAt)) folder.add(key(f.grid, f.street), { kind: 'filedOnTime', member: f.member, period: f.period });
    }),
    each(MonthlyReportModel.find({ period: { $in: periods } }, { _id: 0, grid: 1, street: 1, period: 1, submittedAt: 1 }).lean(), (r) =>
      folder.add(key(r.grid, r.street), { kind: 'report', period: r.period, at: r.submittedAt }),
    ),
  ]);
  if (notices.length) {
    const byCode = new Map(notices.map((n) => [n.code, n]));
    await each(NoticeAckModel.find({ notice: { $in: notices.map((n) => n.code) } }, { _id: 0, notice: 1, member: 1 }).lean(), (a) => {
      const theirs = (gridsOf.get(a.member) ?? []).flatMap((code) => gridByCode.get(code) ?? []);
      for (const g of ackGrids(byCode.get(a.notice)!, theirs, bound)) folder.add(key(g.code, g.street), { kind: 'ack', member: a.member });
    });
  }
  return folder.docs;
}

/** The stored tallies of a year. */
export async function storedTallies(year: number): Promise<Map<string, TallyDoc>> {
  const docs = await GridTallyModel.find({ year }).lean<TallyDoc[]>();
  return new Map(docs.map((d) => [d._id, d]));
}

/**
 * Replaces a year's tallies that differ from a recount. A fact written while the recount reads may
 * be overwritten by it: run it when the bot is quiet, or again. Returns how many differed.
 */
export async function rebuildTallies(year: number): Promise<{ written: number; removed: number }> {
  const [counted, stored] = await Promise.all([recountTallies(year), storedTallies(year)]);
  let written = 0;
  for (const doc of counted.values()) {
    if (sameTally(doc, stored.get(doc._id))) continue;
    await GridTallyModel.collection.replaceOne({ _id: doc._id } as never, doc, { upsert: true });
    written++;
  }
  const gone = [...stored.keys()].filter((id) => !counted.has(id));
  if (gone.length) await GridTallyModel.deleteMany({ _id: { $in: gone } });
  return { written, removed: gone.length };
}

/** Compares tallies by content (key order, absent and empty objects and pending keys aside). */
export function sameTally(a: TallyDoc | undefined, b: TallyDoc | undefined): boolean {
  return !!a && !!b && canonical(a) === canonical(b);
}

function canonical(d: TallyDoc): string {
  const facts: string[] = [`grid=${d.grid}`, `street=${d.street}`];
  const value = (v: unknown) => (v instanceof Date ? v.getTime() : String(v));
  // A cancelled activity is left out: one moved to another year stays cancelled in the year it left, which a recount does not see.
  for (const [a, { startsAt, closesAt, cancelled }] of Object.entries(d.held ?? {})) if (!cancelled) facts.push(`held.${a}=${value(startsAt)}-${value(closesAt)}`);
  for (const [p, at] of Object.entries(d.reports ?? {})) facts.push(`reports.${p}=${value(at)}`);
  for (const [m, counts] of Object.entries(d.members ?? {})) for (const [k, v] of Object.entries(counts)) facts.push(`members.${m}.${k}=${value(v)}`);
  return facts.sort().join('\n');
}
