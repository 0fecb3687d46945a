import type { AssessmentWindow, MonthlyDeadline } from '../domain/assessmentYear.js';
import { countSince, deadlinesInForce, monthsExpected, startOf, type DeadlineDays } from '../domain/expectations.js';
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
  since?: Date;
}

/** A member's place in one grid, from when (undefined: the grid's whole life). */
interface Place {
  grid: string;
  role: string;
  level: number;
  start?: Date;
}

const NOTHING_YET: MemberRecord = { attendance: { done: 0, expected: 0 }, returns: { done: 0, expected: 0 }, notices: { done: 0, expected: 0 }, isLeader: false };

async function eachOf<T>(docs: AsyncIterable<T>, onRow: (row: T) => void): Promise<void> {
  for await (const d of docs) onRow(d);
}


const listIn = <K, V>(map: Map<K, V[]>, key: K): V[] => map.get(key) ?? map.set(key, []).get(key)!;

/** A street's deadlines of a monthly duty, each month's under the settings then in force, by period. */
type Deadlines = Map<string, MonthlyDeadline>;

/** Each street's deadlines of a monthly duty, reckoned once per distinct settings history. */
function deadlinesByStreet(histories: Map<string, DeadlineDays[]>, year: number, day: (d: DeadlineDays) => number) {
  const byHistory = new Map<string, Deadlines>();
  const out = new Map<string, Deadlines>();
  for (const [street, history] of histories) {
    const key = history.map((h) => `${h.validFrom}:${day(h)}`).join(' ');
    if (!byHistory.has(key)) byHistory.set(key, new Map(deadlinesInForce(year, history, day).map((d) => [d.period, d])));
    out.set(street, byHistory.get(key)!);
  }
  return out;
}

/** The month's deadline is over by `asOf` (epoch milliseconds). */
const deadlineOver = (deadlines: Deadlines | undefined, period: string, asOf: number) =>
  (deadlines?.get(period)?.lateFrom.getTime() ?? Infinity) <= asOf;

/** The months of a duty expected of someone who started at `start`, remembered per deadlines and start (most share both). */
function expectedMonths(asOf: Date) {
  const known = new Map<Deadlines | undefined, Map<number | undefined, MonthlyDeadline[]>>();
  return (deadlines: Deadlines | undefined, start: Date | undefined): MonthlyDeadline[] => {
    const byStart = known.get(deadlines) ?? known.set(deadlines, new Map()).get(deadlines)!;
    const key = start?.getTime();
    return byStart.get(key) ?? byStart.set(key, monthsExpected([...(deadlines?.values() ?? [])], start, asOf)).get(key)!;
  };
}

/** The first of some places' starts; undefined when one of them has none (there all along). */
const earliestStart = (places: Place[]) =>
  places.some((x) => !x.start) ? undefined : new Date(Math.min(...places.map((x) => x.start!.getTime())));

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
    GridModel.find({ level: { $in: [2, 3] }, ...inStreets }, { code: 1, level: 1, street: 1, industry: 1, since: 1 }).lean(),
    streetSettings(streets),
    NoticeModel.find({ createdAt: { $gte: from, $lt: asOf } }, { code: 1, streets: 1, levels: 1, industries: 1, createdAt: 1 })
      .sort({ createdAt: 1 })
      .lean(),
    trainingsAbove ?? TrainingsAbove.read(window),
  ]);
  const bound = await boundGrids(streets && grids.map((g) => g.code));
  const gridInfo = new Map<string, GridInfo>(
    grids.filter((g) => g.street).map((g) => [g.code, { street: g.street!, level: g.level, since: g.since ?? undefined }]),
  );
  const histories = new Map(settings.map((s) => [s.code, s.deadlineDays]));
  const returnsDue = deadlinesByStreet(histories, year, (d) => d.returnsEndDay);
  const reportsDue = deadlinesByStreet(histories, year, (d) => d.reportDueDay);
  // A notice is expected of the people of the grids it went to (the bound ones) who were there when it was sent.
  const noticesTo = new Map<string, Array<{ code: string; at: Date }>>();
  for (const g of grids) {
    if (!bound.has(g.code)) continue;
    noticesTo.set(g.code, notices.filter((n) => targetsGrid(n, g)).map((n) => ({ code: n.code, at: n.createdAt })));
  }

  // Phase 2: the people from the grid rosters, and the year's records from the grid tallies (one document a grid each), side by side.
  // Filled in by the member pass; their records once both passes are done.
  const byStreet = new Map<string, Array<Tallied & { places: Place[] }>>();
  // Counted by "member\tgrid" (check-ins), "street\tmember" (returns, acknowledgements); months reported on time by grid.
  const attended = new Map<string, number>();
  const returnsOnTime = new Map<string, number>();
  const acked = new Map<string, number>();
  const reportedOnTime = new Map<string, Set<string>>();
  const add = (map: Map<string, number>, key: string, n = 1) => map.set(key, (map.get(key) ?? 0) + n);
  const [fromMs, toMs, asOfMs] = [from.getTime(), to.getTime(), asOf.getTime()];
  // When each grid's activities held in the window started, in order, to count those after a member's start.
  const held = new Map<string, number[]>();
  // Activities a tally counts check-ins of that are not held by `asOf` (cancelled, or their check-in still open).
  const notHeld: number[] = [];

  await Promise.all([
    (async () => {
      // A person's memberships in these streets, gathered from the rosters of their grids.
      const people = new Map<string, { name: string; unit: string; memberships: Array<Omit<Place, 'level' | 'start'> & { since?: Date }> }>();
      for await (const { grid, people: roster } of rostersOf(streets && [...gridInfo.keys()])) {
        if (!gridInfo.has(grid)) continue;
        for (const p of roster) {
          if (!people.has(p.member)) people.set(p.member, { name: p.name, unit: p.unit, memberships: [] });
          people.get(p.member)!.memberships.push({ grid, role: p.role, since: p.since });
        }
      }
      for (const [member, m] of people) {
        const theirs = new Map<string, Place[]>();
        for (const ms of m.memberships) {
          const g = gridInfo.get(ms.grid)!;
          listIn(theirs, g.street).push({ grid: ms.grid, role: ms.role, level: g.level, start: startOf(ms.since, g.since) });
        }
        for (const [street, places] of theirs) {
          const own = places.filter((x) => x.level === 3);
          if (!own.length) continue;
          listIn(byStreet, street).push({
            street,
            member,
            name: m.name,
            unit: m.unit,
            grids: places.map((x) => x.grid),
            leads: own.filter((x) => x.role === 'leader').map((x) => x.grid),
            deputises: own.filter((x) => x.role === 'deputy').map((x) => x.grid),
            places,
            record: NOTHING_YET,
          });
        }
      }
    })(),
    eachOf(tallies(year, streets && [...gridInfo.keys()]), ({ grid, street, held: activities = {}, members = {}, reports = {} }) => {
      if (!gridInfo.has(grid)) return;
      // Held: not cancelled, started in the year, check-in closed by `asOf`.
      for (const [a, { startsAt, closesAt, cancelled }] of Object.entries(activities)) {
        const starts = startsAt.getTime();
        if (!cancelled && starts >= fromMs && starts < toMs && closesAt.getTime() <= asOfMs) listIn(held, grid).push(starts);
        else notHeld.push(Number(a));
      }
      held.get(grid)?.sort((x, y) => x - y);
      const returnsDeadlines = returnsDue.get(street);
      for (const [member, c] of Object.entries(members)) {
        if (c.present) add(attended, `${member}\t${grid}`, c.present);
        // Of the months filed on time only the latest can have its deadline still ahead, and is not expected yet.
        const ahead = c.lastFiledOnTime && !deadlineOver(returnsDeadlines, c.lastFiledOnTime, asOfMs) ? 1 : 0;
        if (c.filedOnTime) add(returnsOnTime, `${street}\t${member}`, c.filedOnTime - ahead);
        if (c.acks) add(acked, `${street}\t${member}`, c.acks);
      }
      const due = reportsDue.get(street);
      for (const [period, at] of Object.entries(reports)) {
        if (!deadlineOver(due, period, asOfMs) || at >= due!.get(period)!.lateFrom) continue;
        if (!reportedOnTime.has(grid)) reportedOnTime.set(grid, new Set());
        reportedOnTime.get(grid)!.add(period);
      }
    }),
  ]);
  // A record not counted (loaded around the bot, its count not yet written) takes nothing below zero.
  for (const a of await presentAt(notHeld)) if (attended.get(`${a.member}\t${a.grid}`)) add(attended, `${a.member}\t${a.grid}`, -1);

  const sum = <T>(list: T[], f: (x: T) => number | undefined) => list.reduce((n, x) => n + (f(x) ?? 0), 0);
  const expectedOf = expectedMonths(asOf);
  for (const list of byStreet.values()) {
    for (const p of list) {
      const { places } = p;
      const sentSince = (x: Place) => (noticesTo.get(x.grid) ?? []).filter((n) => !x.start || n.at >= x.start).map((n) => n.code);
      const expectedNotices = new Set(places.flatMap(sentSince));
      // Trainings held above reach them through their level-3 grids: from the first start there on.
      const trainings = above.countFor(p.member, p.street, p.grids, earliestStart(places.filter((x) => x.level === 3)));
      // Returns are the member's own: owed from their first start in a grid where they file.
      const filing = places.filter((x) => x.level === 3 && x.role !== 'leader');
      const returnsExpected = filing.length ? expectedOf(returnsDue.get(p.street), earliestStart(filing)).length : 0;
      const led = places.filter((x) => x.level === 3 && x.role === 'leader');
      const reportMonths = led.map((x) => ({ grid: x.grid, months: expectedOf(reportsDue.get(p.street), x.start) }));
      p.record = {
        attendance: {
          done: sum(p.grids, (g) => attended.get(`${p.member}\t${g}`)) + trainings.done,
          expected: sum(places, (x) => countSince(held.get(x.grid) ?? [], x.start)) + trainings.expected,
        },
        returns: { done: filing.length ? (returnsOnTime.get(`${p.street}\t${p.member}`) ?? 0) : 0, expected: returnsExpected },
        // Counted where a notice was addressed when acknowledged: at most what is expected of them now.
        notices: { done: Math.min(acked.get(`${p.street}\t${p.member}`) ?? 0, expectedNotices.size), expected: expectedNotices.size },
        reports: {
          done: sum(reportMonths, (r) => r.months.filter((d) => reportedOnTime.get(r.grid)?.has(d.period)).length),
          expected: sum(reportMonths, (r) => r.months.length),
        },
        isLeader: led.length > 0,
      };
    }
  }
  return byStreet;
}
