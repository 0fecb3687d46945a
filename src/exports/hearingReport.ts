import { streetRefs } from '../assessment/workflow.js';
import { localDate } from '../domain/chinaTime.js';
import { periodOf } from '../domain/reminderSchedule.js';
import { hearingText, problemsText } from '../hearing/texts.js';
import { problemsRaisedIn } from '../problems/list.js';
import { reportStatus, type GridReport } from '../reminders/monthlyReport.js';
import { districtName, filing } from './district.js';
import { NO_COLUMN, STREET_COLUMN, type Column, type Report, type Row } from './report.js';

const SUMMARY_COLUMNS: Column[] = [
  NO_COLUMN,
  STREET_COLUMN,
  { header: '应报（网格·月）', key: 'expected', width: 14, format: 'int' },
  { header: '按时', key: 'onTime', width: 8, format: 'int' },
  { header: '逾期', key: 'late', width: 8, format: 'int' },
  { header: '未交', key: 'missing', width: 8, format: 'int' },
  { header: '已听取', key: 'heard', width: 8, format: 'int' },
  { header: '未听取', key: 'unheard', width: 8, format: 'int' },
];

const STREET_COLUMNS: Column[] = [
  NO_COLUMN,
  { header: '网格编号', key: 'code', width: 10 },
  { header: '网格名称', key: 'name', width: 22 },
  { header: '月份', key: 'month', width: 9 },
  { header: '提交情况', key: 'state', width: 9 },
  { header: '网格长', key: 'by', width: 10 },
  { header: '提交日期', key: 'submitted', width: 12 },
  { header: '听取', key: 'heard', width: 22 },
  { header: '网格员反映的问题', key: 'problems', width: 36 },
  { header: '汇报内容', key: 'text', width: 50 },
];

const STATE_NAMES: Record<GridReport['state'], string> = { onTime: '按时', late: '逾期', missing: '未交' };

/** The months of a year that have begun by `now`. */
function monthsOf(year: number, now: Date): string[] {
  const current = periodOf(now);
  return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`).filter((p) => p <= current);
}

interface MonthRow {
  period: string;
  report: GridReport;
  problems: ReturnType<typeof problemsText>;
}

/** A street's reports of the year, by grid then month. */
async function streetRows(street: string, months: string[]): Promise<MonthRow[]> {
  const rows: MonthRow[] = [];
  for (const period of months) {
    const { grids } = await reportStatus(street, period);
    const problems = await problemsRaisedIn(grids.map((g) => g.grid.code), period);
    for (const g of grids) rows.push({ period, report: g, problems: problemsText(problems.get(g.grid.code)!) });
  }
  return rows.sort((a, b) => a.report.grid.code.localeCompare(b.report.grid.code) || a.period.localeCompare(b.period));
}

function counts(rows: MonthRow[]): Row {
  const n = (f: (r: MonthRow) => boolean) => rows.filter(f).length;
  return {
    expected: rows.length,
    onTime: n((r) => r.report.state === 'onTime'),
    late: n((r) => r.report.state === 'late'),
    missing: n((r) => r.report.state === 'missing'),
    heard: n((r) => Boolean(r.report.report?.heardAt)),
    unheard: n((r) => Boolean(r.report.report && !r.report.report.heardAt)),
  };
}

const sumOf = (rows: Row[]): Row =>
  Object.fromEntries(['expected', 'onTime', 'late', 'missing', 'heard', 'unheard'].map((k) => [k, rows.reduce((s, r) => s + Number(r[k]), 0)]));

/** The year's monthly reports (月度汇报) and the street's hearing of each, by street. */
export async function hearingReport(year: number, now: Date, street?: string): Promise<Report> {
  const [streets, district] = await Promise.all([streetRefs(street ? [street] : undefined), districtName()]);
  const months = monthsOf(year, now);
  const byStreet = new Map<string, MonthRow[]>();
  for (const s of streets) byStreet.set(s.code, await streetRows(s.code, months));
  const summaryRows = streets.map((s, i) => ({ no: i + 1, street: s.name, ...counts(byStreet.get(s.code)!) }));
  return {
    name: `月度汇报-${year}${street ? `-${street}` : ''}`,
    ...filing(district, now),
    summary: {
      name: '汇总',
      title: `${district}${year}年度三级网格月度汇报及听取情况汇总表`,
      columns: SUMMARY_COLUMNS,
      rows: summaryRows,
      total: { street: '合计', ...sumOf(summaryRows) },
    },
    streets: streets.map((s) => ({
      code: s.code,
      name: s.name,
      sheet: async () => ({
        name: s.name,
        title: `${s.name}${year}年度月度汇报及听取情况`,
        columns: STREET_COLUMNS,
        rows: byStreet.get(s.code)!.map(({ period, report: { grid, report, state }, problems }, i) => ({
          no: i + 1,
          code: grid.code,
          name: grid.name,
          month: `${Number(period.slice(5))}月`,
          state: STATE_NAMES[state],
          by: report?.submittedByName ?? '',
          submitted: report ? localDate(report.submittedAt) : '',
          heard: report ? hearingText(report)['zh-CN'] : '',
          problems: problems['zh-CN'],
          text: report?.text ?? '',
        })),
      }),
    })),
  };
}
