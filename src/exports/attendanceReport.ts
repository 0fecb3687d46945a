import { expectedPeople } from '../activities/expected.js';
import { streetRefs } from '../assessment/workflow.js';
import { formatActivityNo, type ActivityType } from '../domain/activity.js';
import { yearRange } from '../domain/attendanceWindow.js';
import { formatLocal } from '../domain/chinaTime.js';
import { ACTIVITY_TYPE_NAMES } from '../i18n/domainNames.js';
import { memberCounts } from '../store/memberCounts.js';
import { NOT_CANCELLED } from '../store/activities.js';
import { ActivityModel } from '../store/models/activity.js';
import { AttendanceModel } from '../store/models/attendance.js';
import { GridModel } from '../store/models/grid.js';
import { districtName, filing } from './district.js';
import { NO_COLUMN, STREET_COLUMN, type Column, type Report, type Row } from './report.js';

const SUMMARY_COLUMNS: Column[] = [
  NO_COLUMN,
  STREET_COLUMN,
  { header: '活动次数', key: 'activities', width: 10, format: 'int' },
  { header: '应到人次', key: 'expected', width: 10, format: 'int' },
  { header: '签到人次', key: 'present', width: 10, format: 'int' },
  { header: '请假人次', key: 'leave', width: 10, format: 'int' },
  { header: '缺席人次', key: 'absent', width: 10, format: 'int' },
  { header: '出勤率', key: 'rate', width: 10, format: 'percent' },
];

const STREET_COLUMNS: Column[] = [
  NO_COLUMN,
  { header: '活动编号', key: 'number', width: 10 },
  { header: '网格编号', key: 'grid', width: 12 },
  { header: '网格名称', key: 'gridName', width: 24 },
  { header: '类型', key: 'type', width: 8 },
  { header: '主题', key: 'title', width: 30 },
  { header: '时间', key: 'startsAt', width: 17 },
  { header: '地点', key: 'place', width: 30 },
  { header: '应到', key: 'expected', width: 8, format: 'int' },
  { header: '签到', key: 'present', width: 8, format: 'int' },
  { header: '请假', key: 'leave', width: 8, format: 'int' },
  { header: '缺席', key: 'absent', width: 8, format: 'int' },
  { header: '出勤率', key: 'rate', width: 10, format: 'percent' },
];

interface Counts {
  activities: number;
  expected: number;
  present: number;
  leave: number;
  absent: number;
}

const withRate = (c: Counts): Row => ({ ...c, rate: c.expected ? c.present / c.expected : undefined });
const add = (a: Counts, b: Counts): Counts => ({
  activities: a.activities + b.activities, expected: a.expected + b.expected, present: a.present + b.present, leave: a.leave + b.leave, absent: a.absent + b.absent,
});
const ZERO: Counts = { activities: 0, expected: 0, present: 0, leave: 0, absent: 0 };

/**
 * The year's activities held so far (check-in over) in each street's grids, with who came. Expected
 * are the people in the grid's directory now (for a street's training for the grids beneath, those
 * of its grids too); those who neither checked in nor asked for leave were absent.
 */
export async function attendanceReport(year: number, now: Date, street?: string): Promise<Report> {
  const only = street ? [street] : undefined;
  const { from, to } = yearRange(year);
  const [streets, grids, district] = await Promise.all([
    streetRefs(only),
    GridModel.find({ level: { $in: [2, 3] }, ...(only && { street: { $in: only } }) }, { code: 1, name: 1, street: 1 }).lean(),
    districtName(),
  ]);
  const gridOf = new Map(grids.map((g) => [g.code, g]));
  const codes = only && grids.map((g) => g.code);
  const activities = (
    await ActivityModel.find({ startsAt: { $gte: from, $lt: to }, checkInClosesAt: { $lte: now }, ...NOT_CANCELLED, ...(codes && { grid: { $in: codes } }) }).sort({ startsAt: 1, number: 1 }).lean()
  ).filter((a) => gridOf.has(a.grid));
  const answers = new Map(activities.map((a) => [a.number, { present: 0, leave: 0 }]));
  const [people, beneath] = await Promise.all([
    memberCounts(codes),
    // A street has few trainings for its grids: their expected people are counted one by one.
    Promise.all(activities.filter((a) => a.forGridsBelow).map(async (a) => [a.number, (await expectedPeople(a)).length] as const)).then((e) => new Map(e)),
    (async () => {
      const cursor = AttendanceModel.find(codes ? { grid: { $in: codes } } : {}, { _id: 0, activity: 1, status: 1 }).lean().cursor({ batchSize: 5000 });
      for await (const r of cursor) {
        const a = answers.get(r.activity);
        if (a) a[r.status === 'present' ? 'present' : 'leave']++;
      }
    })(),
  ]);
  const rowsOf = (s: string) =>
    activities
      .filter((a) => gridOf.get(a.grid)!.street === s)
      .map((a) => {
        const { present, leave } = answers.get(a.number)!;
        const expected = Math.max(beneath.get(a.number) ?? people.get(a.grid) ?? 0, present + leave);
        return { a, counts: { activities: 1, expected, present, leave, absent: expected - present - leave } };
      });
  const streetTotals = new Map(streets.map((s) => [s.code, rowsOf(s.code).reduce((t, r) => add(t, r.counts), ZERO)]));
  return {
    name: `活动考勤-${year}${street ? `-${street}` : ''}`,
    ...filing(district, now),
    summary: {
      name: '汇总',
      title: `${district}${year}年度统计网格活动考勤汇总表`,
      columns: SUMMARY_COLUMNS,
      rows: streets.map((s, i) => ({ no: i + 1, street: s.name, ...withRate(streetTotals.get(s.code)!) })),
      total: { street: '合计', ...withRate([...streetTotals.values()].reduce(add, ZERO)) },
    },
    streets: streets.map((s) => ({
      code: s.code,
      name: s.name,
      sheet: async () => ({
        name: s.name,
        title: `${s.name}${year}年度统计网格活动考勤`,
        columns: STREET_COLUMNS,
        rows: rowsOf(s.code).map(({ a, counts }, i) => ({
          no: i + 1,
          number: formatActivityNo(a.number),
          grid: a.grid,
          gridName: gridOf.get(a.grid)!.name,
          type: ACTIVITY_TYPE_NAMES[a.type as ActivityType]['zh-CN'],
          title: a.title,
          startsAt: formatLocal(a.startsAt),
          place: a.place,
          ...withRate(counts),
        })),
        total: { number: '合计', ...withRate(streetTotals.get(s.code)!) },
      }),
    })),
  };
}
