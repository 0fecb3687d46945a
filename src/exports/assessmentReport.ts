import { resultsOf, runsOf } from '../assessment/runs.js';
import { loadRules } from '../assessment/settings.js';
import { starMark, STATUS_NAMES } from '../assessment/texts.js';
import { summaryOf } from '../assessment/runSummary.js';
import { streetRefs } from '../assessment/workflow.js';
import { totalOf, type StreetSummary } from '../domain/assessmentResults.js';
import type { Tally } from '../domain/scoring.js';
import { gridNames } from '../store/grids.js';
import { homeGrid } from '../store/models/assessmentResult.js';
import { districtName, filing } from './district.js';
import { NO_COLUMN, STREET_COLUMN, type Column, type Report, type Row } from './report.js';

const SUMMARY_COLUMNS: Column[] = [
  NO_COLUMN,
  STREET_COLUMN,
  { header: '状态', key: 'status', width: 12 },
  { header: '参评人数', key: 'assessed', width: 10, format: 'int' },
  { header: '合格人数', key: 'passed', width: 10, format: 'int' },
  { header: '合格率', key: 'passRate', width: 10, format: 'percent' },
  { header: '三星', key: 'three', width: 8, format: 'int' },
  { header: '二星', key: 'two', width: 8, format: 'int' },
  { header: '一星', key: 'one', width: 8, format: 'int' },
  { header: '奖励合计（元）', key: 'reward', width: 14, format: 'money' },
  { header: '备注', key: 'note', width: 24 },
];

const STREET_COLUMNS: Column[] = [
  NO_COLUMN,
  { header: '姓名', key: 'name', width: 10 },
  { header: '单位', key: 'unit', width: 30 },
  { header: '所在网格', key: 'grids', width: 32, wrap: true },
  { header: '身份', key: 'role', width: 8 },
  { header: '活动出勤', key: 'attendance', width: 10 },
  { header: '报表按时报送', key: 'returns', width: 12 },
  { header: '通知确认', key: 'notices', width: 10 },
  { header: '月报按时', key: 'reports', width: 10 },
  { header: '计算得分', key: 'computed', width: 10, format: 'decimal' },
  { header: '最终得分', key: 'score', width: 10, format: 'decimal' },
  { header: '调整理由', key: 'reason', width: 24, wrap: true },
  { header: '是否合格', key: 'passed', width: 10 },
  { header: '星级', key: 'stars', width: 8 },
  { header: '奖励（元）', key: 'reward', width: 12, format: 'money' },
];

const tally = (t: Tally) => (t.expected ? `${t.done}/${t.expected}` : '—');

function summaryRow(s: StreetSummary, floor: number): Omit<Row, 'no' | 'street' | 'status'> {
  return {
    assessed: s.assessed,
    passed: s.passed,
    passRate: s.passRate,
    three: s.counts[3],
    two: s.counts[2],
    one: s.counts[1],
    reward: s.rewardTotal,
    note: s.passRate < floor && s.assessed ? `合格率低于${Math.round(floor * 100)}%` : undefined,
  };
}

/** Each street's members with their record, score, stars and reward; the summary by street. */
export async function assessmentReport(year: number, now: Date, street?: string): Promise<Report> {
  const [streets, runs, rules, district] = await Promise.all([streetRefs(street ? [street] : undefined), runsOf(year, street ? [street] : undefined), loadRules(), districtName()]);
  const floor = rules.stars.passRate;
  const runOf = new Map(runs.map((r) => [r.street, r]));
  const rows: Row[] = streets.map((s, i) => {
    const run = runOf.get(s.code);
    const head = { no: i + 1, street: s.name, status: run ? STATUS_NAMES[run.status]['zh-CN'] : '未试算' };
    return run ? { ...head, ...summaryRow(summaryOf(run), floor) } : head;
  });
  return {
    name: `考核结果-${year}${street ? `-${street}` : ''}`,
    ...filing(district, now),
    summary: {
      name: '汇总',
      title: `${district}${year}年度统计网格员考核结果汇总表`,
      columns: SUMMARY_COLUMNS,
      rows,
      total: { street: '合计', ...summaryRow(totalOf(runs.map(summaryOf), floor), floor) },
    },
    streets: streets
      .filter((s) => runOf.has(s.code))
      .map((s) => ({
        code: s.code,
        name: s.name,
        sheet: async () => {
          const run = runOf.get(s.code)!;
          // By grid, then by name: how a street checks its list against its grids.
          const results = (await resultsOf(run)).sort((a, b) => homeGrid(s.code, a.grids).localeCompare(homeGrid(s.code, b.grids)) || a.name.localeCompare(b.name, 'zh-CN'));
          const names = await gridNames([...new Set(results.flatMap((r) => r.grids))]);
          const summary = summaryOf(run);
          return {
            name: s.name,
            title: `${s.name}${year}年度统计网格员考核结果（${STATUS_NAMES[run.status]['zh-CN']}）`,
            columns: STREET_COLUMNS,
            rows: results.map((r, i) => ({
              no: i + 1,
              name: r.name,
              unit: r.unit ?? '',
              // Their level-3 grids: the street's own is the sheet's.
              grids: r.grids.filter((g) => g !== s.code).map((g) => names.get(g) ?? g).join('、'),
              role: r.leads.length ? '网格长' : r.deputises?.length ? '副网格长' : '网格员',
              attendance: tally(r.attendance),
              returns: tally(r.returns),
              notices: tally(r.notices),
              reports: tally(r.reports),
              computed: r.computedScore,
              score: r.score,
              reason: r.adjustment?.reason ?? '',
              passed: r.passed ? '合格' : '不合格',
              stars: r.passed ? starMark(r.stars) : undefined,
              reward: r.reward,
            })),
            total: { name: '合计', passed: `${summary.passed}/${summary.assessed}`, reward: summary.rewardTotal },
          };
        },
      })),
  };
}
