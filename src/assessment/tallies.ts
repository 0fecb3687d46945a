import { deadlinesOver, monthlyDeadlines, type AssessmentWindow, type MonthlyDeadline } from '../domain/assessmentYear.js';
import { targetsGrid } from '../domain/noticeTarget.js';
import type { MemberRecord } from '../domain/scoring.js';
import { streetSettings } from '../reminders/settings.js';
import { ChatBindingModel } from '../store/models/chatBinding.js';
import { byIdOrPass } from '../store/byIdOrPass.js';
import { readPacked } from '../store/gridTallies.js';
import { GridModel } from '../store/models/grid.js';
import { GridTallyModel, tallyId } from '../store/models/gridTally.js';
import { NoticeModel } from '../store/models/notice.js';
import { rostersOf } from '../store/rosters.js';

/**
 * Each assessed member's record for a year, from one streamed pass over the grid rosters and one over
 * the year's grid tallies (`store/gridTallies.ts`: the activities, attendance, returns, acknowledgements and
 * monthly reports of a grid, kept up to date as they are written), so the records themselves, a
 * province's millions, are not read here.
 *
 * Why streaming and not `$group`: FerretDB 1.24 pushes no filter down to SQLite (every query reads
 * the whole collection), returns each document at a cost of its own, and its `$group` is quadratic
 * in the number of groups. Each collection is therefore read once for all the streets asked for and
 * counted here in maps, as the rows arrive. On MongoDB the same `$match`es use the indexes.
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

type StoredTally = { _id: string; year: number; grid: string; street: string; data: string };
const NOTHING_YET: MemberRecord = { attendance: { done: 0, expected: 0 }, returns: { done: 0, expected: 0 }, notices: { done: 0, expected: 0 }, isLeader: false };

async function eachOf<T>(docs: AsyncIterable<T>, onRow: (row: T) => void): Promise<void> {
  for await (const d of docs) onRow(d);
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

/** On time: the month's deadline is over by `asOf` and the thing came before it (epoch milliseconds). */
function onTime(deadlines: { all: Map<string, MonthlyDeadline> } | undefined, period: string, at: number, asOf: number): boolean {
  const d = deadlines?.all.get(period);
  return !!d && d.lateFrom.getTime() <= asOf && at < d.lateFrom.getTime();
}

/** Bound grids, of those named (all when omitted): a few streets' are asked for by code, which FerretDB filters in SQLite. */
async function boundGrids(codes?: string[]): Promise<Set<string>> {
  if (!codes) return new Set(await ChatBindingModel.distinct('grid'));
  const found = new Set<string>();
  for (let i = 0; i < codes.length; i += 500) for (const g of await ChatBindingModel.distinct('grid', { grid: { $in: codes.slice(i, i + 500) } })) found.add(g);
  return found;
}

/**
 * The records of the members of some streets (all when omitted) for the assessment window. A
 * member is assessed in a street where they belong to a level-3 grid; one in two streets is
 * assessed in each, on what they did there.
 */
export async function collectTallies(window: AssessmentWindow, streets?: string[]): Promise<Map<string, Tallied[]>> {
  const { year, from, to, asOf } = window;
  const inStreets = streets ? { street: { $in: streets } } : {};

  // Phase 1: the small things.
  const [grids, settings, notices] = await Promise.all([
    GridModel.find({ level: { $in: [2, 3] }, ...inStreets }, { code: 1, level: 1, street: 1, industry: 1 }).lean(),
    streetSettings(streets),
    NoticeModel.find({ createdAt: { $gte: from, $lt: asOf } }, { code: 1, streets: 1, levels: 1, industries: 1 }).sort({ createdAt: 1 }).lean(),
  ]);
  const bound = await boundGrids(streets && grids.map((g) => g.code));
  const gridInfo = new Map<string, GridInfo>(grids.filter((g) => g.street).map((g) => [g.code, { street: g.street!, level: g.level }]));
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

  // Phase 2: the people from the grid rosters, and the year's records from the grid tallies (one document a grid each), side by side.
  // Filled in by the member pass; their records once both passes are done.
  const byStreet = new Map<string, Array<Tallied & { files: boolean }>>();
  const attended = new Map<string, number>();
  const returnsOnTime = new Map<string, number>();
  const acked = new Map<string, bigint>();
  const reportsOnTime = new Map<string, number>();
  // A check-in comes within its activity's window, which may open the evening before the year starts.
  const checkInFrom = from.getTime() - 86_400_000;
  const [fromMs, toMs, asOfMs] = [from.getTime(), to.getTime(), asOf.getTime()];
  const held = new Map<string, number>();

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
    eachOf<StoredTally>(byIdOrPass(GridTallyModel, streets && [...gridInfo.keys()].map((g) => tallyId(year, g)), { year }), ({ grid, street, data }) => {
      if (!gridInfo.has(grid)) return;
      // Counted per member of this grid by their number in the tally, then added up once per member.
      const t = readPacked(data);
      const n = t.members.length;
      const [present, filed] = [new Int32Array(n), new Int32Array(n)];
      const acks: bigint[] = new Array(n).fill(0n);
      // Held: started in the year, check-in closed by `asOf`.
      const counted = new Set(t.held.filter((h) => h.starts >= fromMs && h.starts < toMs && h.closes <= asOfMs).map((h) => h.key));
      held.set(grid, (held.get(grid) ?? 0) + counted.size);
      for (const p of t.present) {
        if (!counted.has(p.key)) continue;
        p.who.forEach((w, i) => {
          if (p.at[i]! >= checkInFrom && p.at[i]! <= asOfMs) present[w]!++;
        });
      }
      const returnsDeadlines = returnsDue.get(street);
      for (const f of t.filed) f.who.forEach((w, i) => void (onTime(returnsDeadlines, f.key, f.at[i]!, asOfMs) && filed[w]!++));
      // An acknowledgement is kept in each of the member's grids: the same bit set again changes nothing.
      for (const a of t.acks) {
        const b = noticeBit.get(a.key);
        if (b !== undefined) for (const w of a.who) acks[w] = acks[w]! | b;
      }
      for (const r of t.reports) if (onTime(reportsDue.get(street), r.key, r.at, asOfMs)) reportsOnTime.set(grid, (reportsOnTime.get(grid) ?? 0) + 1);
      t.members.forEach((member, w) => {
        if (present[w]) attended.set(`${member}\t${grid}`, (attended.get(`${member}\t${grid}`) ?? 0) + present[w]!);
        if (filed[w]) returnsOnTime.set(`${street}\t${member}`, (returnsOnTime.get(`${street}\t${member}`) ?? 0) + filed[w]!);
        if (acks[w]) acked.set(member, (acked.get(member) ?? 0n) | acks[w]!);
      });
    }),
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
