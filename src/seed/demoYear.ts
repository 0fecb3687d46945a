import { rebuildTallies } from '../assessment/tallyRecount.js';
import { atLocal, localYearMonth } from '../domain/chinaTime.js';
import { DEFAULT_REMINDER_SETTINGS } from '../domain/reminderSchedule.js';
import { noticeCode } from '../reminders/bureauNotices.js';
import { loadActivities } from '../store/activities.js';
import { loadAttendance } from '../store/attendance.js';
import { loadMonthlyReports } from '../store/monthlyReports.js';
import type { GridRole } from '../store/models/member.js';
import { loadNotices } from '../store/notices.js';
import { loadFilings } from '../store/returnsFilings.js';

/**
 * A believable year of history for the demo district, from 1 January of the current year to now:
 * each level-3 grid meets once a quarter, its members file their returns each month, its leader
 * reports each month and the street leader hears it, and the bureau sends a notice every two months.
 * Each person keeps to their duties with a diligence of their own, so most pass and a few do not;
 * a few joined in the autumn and owe nothing before. Written through the store modules' loaders
 * and counted into the grid tallies by the recount, as records loaded around the bot are.
 */
export interface DemoPerson {
  id: string;
  name: string;
  memberships: Array<{ grid: string; role: GridRole; since?: Date }>;
}

export interface DemoGrid {
  code: string;
  level: number;
  street?: string;
}

export interface DemoYearSummary {
  activities: number;
  checkIns: number;
  filings: number;
  reports: number;
  notices: number;
  acks: number;
}

const QUARTER_MEETINGS: Array<[month: number, title: string]> = [
  [3, '第一季度例会：统计法学习'], [6, '第二季度例会：业务交流'], [9, '第三季度例会：问题研讨'], [11, '第四季度例会：年报布置'],
];
const NOTICES: Array<[month: number, day: number, text: string]> = [
  [2, 10, '关于做好一季度统计报表报送工作的通知'], [4, 15, '关于参加统计业务培训的通知'], [6, 12, '关于开展统计法宣传月活动的通知'],
  [8, 20, '关于做好三季度统计报表报送工作的通知'], [10, 10, '关于开展年度统计执法检查的通知'], [11, 18, '关于做好年度考核准备工作的通知'],
];
/** Who joins in the autumn, of those who file returns. */
const AUTUMN_JOINERS = 0.04;

const pad = (n: number) => String(n).padStart(2, '0');
const moments = new Map<string, Date>();
/** A moment in China time, remembered: the year's records ask for the same few hundred thousands of times. */
function dayOf(year: number, month: number, day: number, time = '10:00'): Date {
  const key = `${year}-${pad(month)}-${pad(day)} ${time}`;
  return moments.get(key) ?? moments.set(key, atLocal(key.slice(0, 10), time)).get(key)!;
}
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** A person's diligence, the chance they do each duty in time: most keep to them, some less, a few hardly. */
function diligence(random: () => number): number {
  const r = random();
  if (r < 0.06) return 0.1 + 0.3 * random();
  if (r < 0.18) return 0.55 + 0.2 * random();
  return 0.8 + 0.16 * random();
}

/** Gives a few members who file returns a start in the autumn (before `now`); returns how many. */
export function markAutumnJoiners(
  people: Array<Pick<DemoPerson, 'memberships'>>, grids: Map<string, DemoGrid>, now: Date, random: () => number,
): number {
  const { year } = localYearMonth(now);
  let joined = 0;
  for (const p of people) {
    const filing = p.memberships.filter((m) => grids.get(m.grid)?.level === 3 && m.role !== 'leader');
    if (filing.length !== p.memberships.length || !filing.length || random() >= AUTUMN_JOINERS) continue;
    const since = dayOf(year, 9 + Math.floor(random() * 2), 1 + Math.floor(random() * 28), '09:00');
    if (since >= now) continue;
    for (const m of filing) m.since = since;
    joined++;
  }
  return joined;
}

type Place = { person: DemoPerson; role: GridRole; since?: Date };

/** What the year's generators share: the district, the moment, the dice and each person's diligence. */
class DemoYear {
  readonly year: number;
  readonly level3: DemoGrid[];
  readonly levelOf: Map<string, number>;
  readonly inGrid = new Map<string, Place[]>();
  private readonly will: Map<string, number>;

  constructor(readonly people: DemoPerson[], grids: DemoGrid[], readonly now: Date, readonly random: () => number) {
    this.year = localYearMonth(now).year;
    this.level3 = grids.filter((g) => g.level === 3);
    this.levelOf = new Map(grids.map((g) => [g.code, g.level]));
    this.will = new Map(people.map((p) => [p.id, diligence(random)]));
    for (const person of people) for (const m of person.memberships) this.placesIn(m.grid).push({ person, ...m });
  }

  placesIn(grid: string): Place[] {
    return this.inGrid.get(grid) ?? this.inGrid.set(grid, []).get(grid)!;
  }

  /** Whether the person does this duty in time, by their diligence. */
  does(id: string): boolean {
    return this.random() < this.will.get(id)!;
  }

  leaderOf(grid: string): DemoPerson | undefined {
    return this.inGrid.get(grid)?.find((x) => x.role === 'leader')?.person;
  }

  /** A day of the year's month, China time. */
  day(month: number, day: number, time: string): Date {
    return dayOf(this.year, month, day, time);
  }

  period(month: number): string {
    return `${this.year}-${pad(month)}`;
  }
}

const there = (since: Date | undefined, at: Date) => !since || since <= at;

/** Each level-3 grid's quarterly meeting held by now, with check-ins and leave of those there by then. */
function meetings(y: DemoYear) {
  const activities: Parameters<typeof loadActivities>[0] = [];
  const attendance: Parameters<typeof loadAttendance>[0] = [];
  for (const g of y.level3) {
    const leader = y.leaderOf(g.code);
    for (const [month, title] of QUARTER_MEETINGS) {
      const startsAt = y.day(month, 8 + Math.floor(y.random() * 15), '14:30');
      const closesAt = new Date(startsAt.getTime() + 90 * MINUTE_MS);
      if (closesAt > y.now) continue;
      const number = activities.length + 1;
      activities.push({
        number, grid: g.code, street: g.street, type: 'meeting', title, startsAt,
        checkInOpensAt: new Date(startsAt.getTime() - 30 * MINUTE_MS), checkInClosesAt: closesAt,
        homeCode: `${g.street}-H`, place: '街道统计之家', platform: 'console', chatId: g.code,
        createdBy: leader?.id ?? 'seed', createdByName: leader?.name, announcedAt: new Date(startsAt.getTime() - 5 * DAY_MS),
        eventKey: `demo:activity:${y.year}:${g.code}:${month}`,
      });
      for (const { person, since } of y.placesIn(g.code)) {
        if (!there(since, startsAt)) continue;
        const who = { activity: number, grid: g.code, member: person.id, memberName: person.name };
        if (y.does(person.id)) attendance.push({ ...who, status: 'present', at: new Date(startsAt.getTime() - 10 * MINUTE_MS) });
        else if (y.random() < 0.4) {
          attendance.push({ ...who, status: 'leave', at: new Date(startsAt.getTime() - DAY_MS), reason: '外出办事' });
        }
      }
    }
  }
  return { activities, attendance };
}

/** Returns each month (window 1–10 by default): in it when diligent, else late or not at all. */
function filingsOf(y: DemoYear): Parameters<typeof loadFilings>[0] {
  const filings: Parameters<typeof loadFilings>[0] = [];
  const { returnsEndDay } = DEFAULT_REMINDER_SETTINGS;
  const filedOnce = new Set<string>();
  for (const g of y.level3) {
    for (const { person, role, since } of y.placesIn(g.code)) {
      if (role === 'leader' || filedOnce.has(person.id)) continue;
      filedOnce.add(person.id);
      for (let month = 1; month <= 12; month++) {
        const onTime = y.does(person.id);
        if (!onTime && y.random() < 0.5) continue;
        const day = onTime ? 1 + Math.floor(y.random() * returnsEndDay) : returnsEndDay + 2 + Math.floor(y.random() * 10);
        const filedAt = y.day(month, day, '16:00');
        if (filedAt >= y.now || !there(since, filedAt)) continue;
        filings.push({ period: y.period(month), member: person.id, grid: g.code, street: g.street!, filedAt });
      }
    }
  }
  return filings;
}

/** The leader's monthly report, heard by the street leader a few days later. */
function reportsOf(y: DemoYear): Parameters<typeof loadMonthlyReports>[0] {
  const reports: Parameters<typeof loadMonthlyReports>[0] = [];
  const { reportDueDay } = DEFAULT_REMINDER_SETTINGS;
  for (const g of y.level3) {
    const leader = y.leaderOf(g.code);
    const hearer = y.leaderOf(g.street!);
    if (!leader) continue;
    for (let month = 1; month <= 12; month++) {
      const onTime = y.does(leader.id);
      const submittedAt = y.day(month, onTime ? reportDueDay - 1 - Math.floor(y.random() * 8) : reportDueDay + 2, '17:00');
      if (submittedAt >= y.now) continue;
      const heardAt = new Date(submittedAt.getTime() + (1 + Math.floor(y.random() * 3)) * DAY_MS);
      reports.push({
        grid: g.code, street: g.street!, period: y.period(month), text: `${month}月工作汇报：报表按期报送，网格员反映问题已逐一答复。`,
        submittedAt, submittedBy: leader.id, submittedByName: leader.name,
        ...(hearer && heardAt < y.now && { heardAt, heardBy: hearer.id, heardByName: hearer.name }),
      });
    }
  }
  return reports;
}

/** The bureau's notices to every grid, acknowledged within a few days by those who keep up. */
function noticesOf(y: DemoYear) {
  const bureau = y.people.find((p) => p.memberships.some((m) => m.role === 'deputy' && y.levelOf.get(m.grid) === 1));
  const notices = NOTICES.map(([month, day, text], i) => ({ code: noticeCode(i + 1), text, createdAt: y.day(month, day, '09:30') }))
    .filter((n) => n.createdAt < y.now)
    .map((n, i) => ({
      ...n, eventKey: `demo:notice:${y.year}:${i + 1}`, streets: [], levels: [], industries: [],
      createdBy: bureau?.id ?? 'seed', createdByName: bureau?.name, sentAt: n.createdAt,
    }));
  const acks: Parameters<typeof loadNotices>[1] = [];
  for (const n of notices) {
    for (const person of y.people) {
      const own = person.memberships.find((m) => y.levelOf.get(m.grid) !== 1);
      if (!own || !there(own.since, n.createdAt) || !y.does(person.id)) continue;
      const at = new Date(n.createdAt.getTime() + (1 + Math.floor(y.random() * 3)) * DAY_MS);
      if (at < y.now) acks.push({ notice: n.code, member: person.id, grid: own.grid, at });
    }
  }
  return { notices, acks };
}

export async function seedDemoYear(people: DemoPerson[], grids: DemoGrid[], now: Date, random: () => number): Promise<DemoYearSummary> {
  const y = new DemoYear(people, grids, now, random);
  const { activities, attendance } = meetings(y);
  const filings = filingsOf(y);
  const reports = reportsOf(y);
  const { notices, acks } = noticesOf(y);
  await loadActivities(activities);
  await Promise.all([loadAttendance(attendance), loadFilings(filings), loadMonthlyReports(reports), loadNotices(notices, acks)]);
  await rebuildTallies(y.year);
  return {
    activities: activities.length, checkIns: attendance.filter((a) => a.status === 'present').length,
    filings: filings.length, reports: reports.length, notices: notices.length, acks: acks.length,
  };
}
