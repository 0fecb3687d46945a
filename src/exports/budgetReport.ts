import { streetRefs } from '../assessment/workflow.js';
import { budgetTotals, gridBudgets, type GridBudgetRow } from '../budgets/gridBudgets.js';
import { districtName, filing } from './district.js';
import { NO_COLUMN, STREET_COLUMN, type Column, type Report, type Row } from './report.js';

const SUMMARY_COLUMNS: Column[] = [
  NO_COLUMN,
  STREET_COLUMN,
  { header: '网格数', key: 'grids', width: 8, format: 'int' },
  { header: '网格成员（人）', key: 'members', width: 14, format: 'int' },
  { header: '上年优秀网格数', key: 'excellent', width: 14, format: 'int' },
  { header: '基础经费（元）', key: 'base', width: 14, format: 'money' },
  { header: '优秀上浮（元）', key: 'bonus', width: 14, format: 'money' },
  { header: '经费合计（元）', key: 'total', width: 14, format: 'money' },
];

const STREET_COLUMNS: Column[] = [
  NO_COLUMN,
  { header: '网格编号', key: 'code', width: 12 },
  { header: '网格名称', key: 'name', width: 24 },
  { header: '行业', key: 'industry', width: 10 },
  { header: '网格成员（人）', key: 'members', width: 14, format: 'int' },
  { header: '基础经费（元）', key: 'base', width: 14, format: 'money' },
  { header: '上年优秀', key: 'excellent', width: 10 },
  { header: '优秀上浮（元）', key: 'bonus', width: 14, format: 'money' },
  { header: '经费合计（元）', key: 'total', width: 14, format: 'money' },
];

const totals = (rows: GridBudgetRow[]): Row => {
  const t = budgetTotals(rows);
  return { grids: t.grids, members: t.members, excellent: t.excellent, base: t.base, bonus: t.total - t.base, total: t.total };
};

/** Each level-3 grid's funds for the year, by street; the summary by street. */
export async function budgetReport(year: number, now: Date, street?: string): Promise<Report> {
  const [streets, rows, district] = await Promise.all([streetRefs(street ? [street] : undefined), gridBudgets(year, street ? [street] : undefined), districtName()]);
  const byStreet = new Map(streets.map((s) => [s.code, rows.filter((r) => r.street === s.code)]));
  return {
    name: `活动经费-${year}${street ? `-${street}` : ''}`,
    ...filing(district, now),
    summary: {
      name: '汇总',
      title: `${district}${year}年度统计网格活动经费汇总表`,
      columns: SUMMARY_COLUMNS,
      rows: streets.map((s, i) => ({ no: i + 1, street: s.name, ...totals(byStreet.get(s.code)!) })),
      total: { street: '合计', ...totals(rows) },
    },
    streets: streets.map((s) => ({
      code: s.code,
      name: s.name,
      sheet: async () => {
        const grids = byStreet.get(s.code)!;
        const { grids: _n, ...sum } = totals(grids);
        return {
          name: s.name,
          title: `${s.name}${year}年度统计网格活动经费`,
          columns: STREET_COLUMNS,
          rows: grids.map((g, i) => ({
            no: i + 1,
            code: g.code,
            name: g.name,
            industry: g.industry,
            members: g.members,
            base: g.base,
            excellent: g.excellentLastYear ? '是' : '',
            bonus: g.total - g.base,
            total: g.total,
          })),
          total: { code: '合计', ...sum, excellent: sum.excellent ? `${sum.excellent} 个` : '' },
        };
      },
    })),
  };
}
