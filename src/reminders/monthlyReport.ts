import type { Runtime } from '../core/runtime.js';
import { monthDay, monthName } from '../core/months.js';
import { endOfDay } from '../domain/chinaTime.js';
import { addMonths, hearingReminderMoment, isLate, periodOf, reportSchedule, type Period, type ReportSchedule } from '../domain/reminderSchedule.js';
import { HEARING } from '../hearing/texts.js';
import { bi, type Text } from '../i18n/text.js';
import type { MonthlyReport } from '../store/models/monthlyReport.js';
import { monthlyReportsOf } from '../store/monthlyReports.js';
import { calendarKind, type PeriodData } from './calendarKind.js';
import type { FiredData } from './occurrence.js';
import { answerableFor, level3Grids, peopleOfGrids, type GridInfo } from './people.js';
import { toGridLeaders, toStreetLeaders } from './reach.js';
import { streetSettings } from './settings.js';

export interface GridReport {
  grid: GridInfo;
  report?: MonthlyReport;
  state: 'onTime' | 'late' | 'missing';
}

/** Each level-3 grid of a street with its report for the month and whether it came on time. */
export async function reportStatus(street: string, period: Period): Promise<{ schedule: ReportSchedule; grids: GridReport[] }> {
  const [settings] = await streetSettings([street]);
  const schedule = reportSchedule(period, settings!.settings);
  const [grids, reports] = await Promise.all([level3Grids(street), monthlyReportsOf(street, period)]);
  const byGrid = new Map(reports.map((r) => [r.grid, r]));
  return {
    schedule,
    grids: grids.map((grid) => {
      const report = byGrid.get(grid.code);
      return { grid, report, state: !report ? 'missing' : isLate(report.submittedAt, schedule.due) ? 'late' : 'onTime' };
    }),
  };
}

const monthsAround = (now: Date) => [-1, 0, 1].map((n) => addMonths(periodOf(now), n));

/** The leaders of the grids that have not reported yet. */
async function remindLeaders(runtime: Runtime, { street, period }: FiredData<PeriodData>, text: (grid: GridInfo, due: string) => Text) {
  const { schedule, grids } = await reportStatus(street, period);
  return toGridLeaders(runtime, grids.filter((g) => g.state === 'missing').map((g) => g.grid), (grid) => text(grid, schedule.due));
}

const HOW = bi('请在本网格群发送：/月报 汇报内容（含网格员反映的问题）', "Send in the grid's group: /report TEXT (with the problems members raised)");

/** A reminder to the leaders of the grids that have not reported, at one moment of the month's schedule. */
const leaderReminder = (spec: {
  name: string;
  zh: string;
  job: string;
  summary: string;
  moment(s: ReportSchedule): Date | undefined;
  text(grid: GridInfo, due: string, period: Period): Text;
}) =>
  calendarKind({
    ...spec,
    periods: monthsAround,
    moment: (period, s) => spec.moment(reportSchedule(period, s)),
    subjectAt: (period, s) => endOfDay(reportSchedule(period, s).due),
    compose: (runtime, data) => remindLeaders(runtime, data, (grid, due) => spec.text(grid, due, data.period)),
  });

export const reportBefore = leaderReminder({
  name: 'report-before',
  zh: '月报提前',
  job: 'reportBefore',
  summary: 'monthly report: reminder to level-3 leaders 3 days before the due day',
  moment: (s) => s.before,
  text: (grid, due, period) =>
    bi(`【月报提醒】${grid.name}（${grid.code}）${monthName(period)['zh-CN']}的月度汇报 ${monthDay(due)['zh-CN']} 截止。${HOW['zh-CN']}`,
      `Monthly report: the ${period} report of ${grid.name} (${grid.code}) is due on ${due}. ${HOW.en}`),
});

export const reportDue = leaderReminder({
  name: 'report-due',
  zh: '月报到期',
  job: 'reportDue',
  summary: 'monthly report: reminder to level-3 leaders on the due day',
  moment: (s) => s.onDue,
  text: (grid, due, period) =>
    bi(`【月报今日截止】${grid.name}（${grid.code}）${monthName(period)['zh-CN']}的月度汇报今天（${monthDay(due)['zh-CN']}）截止，还未提交。${HOW['zh-CN']}`,
      `Monthly report due today (${due}): ${grid.name} (${grid.code}) has not reported for ${period}. ${HOW.en}`),
});

/** After the due day: the street's leaders hear which grids are overdue, by name. */
export const reportOverdue = calendarKind({
  name: 'report-overdue',
  zh: '月报逾期',
  job: 'reportOverdue',
  summary: 'monthly report: the street leader hears which grids are overdue (first working day after the due day)',
  periods: monthsAround,
  moment: (period, s) => reportSchedule(period, s).escalation,
  async compose(runtime, { street, period }) {
    const { schedule, grids } = await reportStatus(street, period);
    const overdue = grids.filter((g) => g.state === 'missing').map((g) => g.grid);
    if (!overdue.length) return [];
    const people = await peopleOfGrids(overdue.map((g) => g.code));
    const line = (g: GridInfo) => {
      const leaders = answerableFor(people.get(g.code)!).map((p) => p.name).join('、');
      return `${g.code} ${g.name}${leaders ? `（${leaders}）` : ''}`;
    };
    const list = overdue.map(line).join('\n');
    const text = bi(
      `【月报逾期】${monthName(period)['zh-CN']}月度汇报已于 ${monthDay(schedule.due)['zh-CN']} 截止，以下 ${overdue.length} 个网格尚未提交：\n${list}`,
      `Overdue monthly reports: ${period} reports were due on ${schedule.due}; ${overdue.length} grid(s) have not reported:\n${list}`,
    );
    return toStreetLeaders(runtime, street, text);
  },
});

/** After the month: the street's leaders hear which filed reports they have not heard yet (月度听取). */
export const reportUnheard = calendarKind({
  name: 'report-unheard',
  zh: '月报待听取',
  job: 'reportUnheard',
  summary: "monthly report: the street leader hears which reports wait unheard (first working day after the month)",
  periods: monthsAround,
  moment: (period, s) => hearingReminderMoment(period, s),
  async compose(runtime, { street, period }) {
    const { grids } = await reportStatus(street, period);
    const unheard = grids.filter((g) => g.report && !g.report.heardAt).map((g) => `${g.grid.code} ${g.grid.name}`);
    return unheard.length ? toStreetLeaders(runtime, street, HEARING.unheard(period, unheard)) : [];
  },
});
