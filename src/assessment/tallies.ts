import { deadlinesOver, monthlyDeadlines, type AssessmentWindow, type MonthlyDeadline } from '../domain/assessmentYear.js';
import { targetsGrid } from '../domain/noticeTarget.js';
import type { MemberRecord } from '../domain/scoring.js';
import { streetSettings } from '../reminders/settings.js';
import { ChatBindingModel } from '../store/models/chatBinding.js';
import type { TallyDoc } from '../store/gridTallies.js';
import { GridModel } from '../store/models/grid.js';
import { GridTallyModel, tallyId } from '../store/models/gridTally.js';
import { NoticeModel } from '../store/models/notice.js';
import { presentAt } from '../store/attendance.js';
import { findByIds } from '../store/findByIds.js';
import { rostersOf } from '../store/rosters.js';
import { TrainingsAbove } from './trainingsAbove.js';

/**
 * Each assessed member's record for a year, from one streamed pass over the grid rosters and one over
 * the year's grid tallies (`store/gridTallies.ts`: a grid's activities and monthly reports, and each
 * member's counts of check-ins, returns filed on time and acknowledgements, kept up to date as they are
 * written), so the records themselves, a province's millions, are not read here; only the check-ins of
 * activities cancelled or still open at `asOf` (a tally counts them already) are read, to leave them out.
 *
 * Why streaming and not `$group`: the embedded database returns each document at a cost of its own
 * and its `$group` is quadratic in the number of groups. Each collection is therefore read once for
 * all the streets asked for (by the indexed `year` and `street`) and counted here in maps, as the
 * rows arrive.
 */
export interface Tallied {
  street: string;
  member: string;
  name: string;
  unit: string;
  /** Their grids in the street (street and level-3), and the level-3 grids they lead. */
  grids: string[];
  leads: string[];
  /** The level-3 grids they deputise (副网格长). */
  deputises: string[];
  record: MemberRecord;
}

interface GridInfo {
  street: string;
  level: number;
}

const NOTHING_YET: MemberRecord = { attendance: { done: 0, expected: 0 }, returns: { done: 0, expected: 0 }, notices: { done: 0, expected: 0 }, isLeader: false };

async function eachOf<T>(docs: AsyncIterable<T>, onRow: (row: T) => void): Promise<void> {
  for await (const d of docs) onRow(d);
}


const listIn = <K, V>(map: Map<K, V[]>, key: K): V[] => map.get(key) ?? map.set(key, []).get(key)!;

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

type Deadlines = { all: Map<string, MonthlyDeadline> } | undefined;

/** The month's deadline is over by `asOf` (epoch milliseconds). */
const deadlineOver = (deadlines: Deadlines, period: string, asOf: number) => (deadlines?.all.get(period)?.lateFrom.getTime() ?? Infinity) <= asOf;

/** On time: the month's deadline is over by `asOf` and the thing came before it. */
const onTime = (deadlines: Deadlines, period: string, at: Date, asOf: number) =>
  deadlineOver(deadlines, period, asOf) && at < deadlines!.all.get(period)!.lateFrom;

/** A year's grid tallies, of some grids (by key, which FerretDB reads through its index; all when omitted), streamed. */
type StoredTally = Partial<TallyDoc> & Pick<TallyDoc, 'grid' | 'street'>;
const tallies = (year: number, grids?: string[]) =>
  grids
    ? findByIds<StoredTally>(GridTallyModel, grids.map((g) => tallyId(year, g)))
    : GridTallyModel.find({ year }).lean<StoredTally>().cursor({ batchSize: 2000 });

/**
 * Bound grids, of those named (all when omitted): a few streets' are asked for by code, which FerretDB
 * filters in SQLite, a hundred at a time (500 codes cost it 27 times the CPU of 100).
 */
async function boundGrids(codes?: string[]): Promise<Set<string>> {
  if (!codes) return new Set(await ChatBindingModel.distinct('grid'));
  const found = new Set<string>();
  for (let i = 0; i < codes.length; i += 100) for (const g of await ChatBindingModel.distinct('grid', { grid: { $in: codes.slice(i, i + 100) } })) found.add(g);
  return found;
}

/**
 * The records of the members of some streets (all when omitted) for the assessment window. A
 * member is assessed in a street where they belong to a level-3 grid; one in two streets is
 * assessed in each, on what they did there.
 */
export async function collectTallies(
  window: AssessmentWindow,
  streets?: string[],
  /** Read once for a draft that collects its streets a few at a time. */
  trainingsAbove?: Promise<TrainingsAbove>,
): Promise<Map<string, Tallied[]>> {
  const { year, from, to, asOf } = window;
  const inStreets = streets ? { street: { $in: streets } } : {};

  // Phase 1: the small things.
  const [grids, settings, notices, above] = await Promise.all([
    GridModel.find({ level: { $in: [2, 3] }, ...inStreets }, { code: 1, level: 1, street: 1, industry: 1 }).lean(),
    streetSettings(streets),
    NoticeModel.find({ createdAt: { $gte: from, $lt: asOf } }, { code: 1, streets: 1, levels: 1, industries: 1 }).sort({ createdAt: 1 }).lean(),
    trainingsAbove ?? TrainingsAbove.read(window),
  ]);
  const bound = await boundGrids(streets && grids.map((g) => g.code));
  const gridInfo = new Map<string, GridInfo>(grids.filter((g) => g.street).map((g) => [g.code, { street: g.street!, level: g.level }]));
  const returnsDue = deadlinesByStreet(new Map(settings.map((s) => [s.code, s.settings.returnsEndDay])), year, asOf);
  const reportsDue = deadlinesByStreet(new Map(settings.map((s) => [s.code, s.settings.reportDueDay])), year, asOf);
  // A notice is expected of the people of the grids it went to (the bound ones).
  const noticesTo = new Map<string, string[]>();
  for (const g of grids) if (bound.has(g.code)) noticesTo.set(g.code, notices.filter((n) => targetsGrid(n, g)).map((n) => n.code));

  // Phase 2: the people from the grid rosters, and the year's records from the grid tallies (one document a grid each), side by side.
  // Filled in by the member pass; their records once both passes are done.
  const byStreet = new Map<string, Array<Tallied & { files: boolean }>>();
  // Counted by "member\tgrid" (check-ins), "street\tmember" (returns, acknowledgements) and grid (reports).
  const attended = new Map<string, number>();
  const returnsOnTime = new Map<string, number>();
  const acked = new Map<string, number>();
  const reportsOnTime = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, n = 1) => map.set(key, (map.get(key) ?? 0) + n);
  const [fromMs, toMs, asOfMs] = [from.getTime(), to.getTime(), asOf.getTime()];
  const held = new Map<string, number>();
  // Activities a tally counts check-ins of that are not held by `asOf` (cancelled, or their check-in still open).
  const notHeld: number[] = [];

  await Promise.all([
    (async () => {
      // A person's memberships in these streets, gathered from the rosters of their grids.
      const people = new Map<string, { name: string; unit: string; memberships: Array<{ grid: string; role: string }> }>();
      for await (const { grid, people: roster } of rostersOf(streets && [...gridInfo.keys()])) {
        if (!gridInfo.has(grid)) continue;
        for (const p of roster) (people.get(p.member) ?? people.set(p.member, { name: p.name, unit: p.unit, memberships: [] }).get(p.member)!).memberships.push({ grid, role: p.role });
      }
      for (const [member, m] of people) {
        const theirs = new Map<string, Array<{ grid: string; role: string; level: number }>>();
        for (const ms of m.memberships) {
          const g = gridInfo.get(ms.grid)!;
          listIn(theirs, g.street).push({ ...ms, level: g.level });
        }
        for (const [street, ms] of theirs) {
          const own = ms.filter((x) => x.level === 3);
          if (!own.length) continue;
          listIn(byStreet, street).push({
            street,
            member,
            name: m.name,
            unit: m.unit,
            grids: ms.map((x) => x.grid),
            leads: own.filter((x) => x.role === 'leader').map((x) => x.grid),
            deputises: own.filter((x) => x.role === 'deputy').map((x) => x.grid),
            files: own.some((x) => x.role !== 'leader'),
            record: NOTHING_YET,
          });
        }
      }
    })(),
    eachOf(tallies(year, streets && [...gridInfo.keys()]), ({ grid, street, held: activities = {}, members = {}, reports = {} }) => {
      if (!gridInfo.has(grid)) return;
      // Held: not cancelled, started in the year, check-in closed by `asOf`.
      for (const [a, { startsAt, closesAt, cancelled }] of Object.entries(activities)) {
        if (!cancelled && startsAt.getTime() >= fromMs && startsAt.getTime() < toMs && closesAt.getTime() <= asOfMs) add(held, grid);
        else notHeld.push(Number(a));
      }
      const returnsDeadlines = returnsDue.get(street);
      for (const [member, c] of Object.entries(members)) {
        if (c.present) add(attended, `${member}\t${grid}`, c.present);
        // Of the months filed on time only the latest can have its deadline still ahead, and is not expected yet.
        const ahead = c.lastFiledOnTime && !deadlineOver(returnsDeadlines, c.lastFiledOnTime, asOfMs) ? 1 : 0;
        if (c.filedOnTime) add(returnsOnTime, `${street}\t${member}`, c.filedOnTime - ahead);
        if (c.acks) add(acked, `${street}\t${member}`, c.acks);
      }
      for (const [period, at] of Object.entries(reports)) if (onTime(reportsDue.get(street), period, at, asOfMs)) add(reportsOnTime, grid);
    }),
  ]);
  // A record not counted (loaded around the bot, its count not yet written) takes nothing below zero.
  for (const a of await presentAt(notHeld)) if (attended.get(`${a.member}\t${a.grid}`)) add(attended, `${a.member}\t${a.grid}`, -1);

  const sum = (codes: string[], f: (code: string) => number | undefined) => codes.reduce((n, c) => n + (f(c) ?? 0), 0);
  for (const list of byStreet.values()) {
    for (const p of list) {
      const expectedNotices = new Set(p.grids.flatMap((g) => noticesTo.get(g) ?? []));
      const trainings = above.countFor(p.member, p.street, p.grids);
      p.record = {
        attendance: {
          done: sum(p.grids, (g) => attended.get(`${p.member}\t${g}`)) + trainings.done,
          expected: sum(p.grids, (g) => held.get(g)) + trainings.expected,
        },
        returns: p.files ? { done: returnsOnTime.get(`${p.street}\t${p.member}`) ?? 0, expected: returnsDue.get(p.street)?.over ?? 0 } : { done: 0, expected: 0 },
        // Counted where a notice was addressed when acknowledged: at most what is expected of their grids now.
        notices: { done: Math.min(acked.get(`${p.street}\t${p.member}`) ?? 0, expectedNotices.size), expected: expectedNotices.size },
        reports: { done: sum(p.leads, (g) => reportsOnTime.get(g)), expected: p.leads.length * (reportsDue.get(p.street)?.over ?? 0) },
        isLeader: p.leads.length > 0,
      };
    }
  }
  return byStreet;
}
