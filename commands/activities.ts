import { z } from 'zod';
import { activityLine } from '../src/activities/texts.js';
import type { GridRecord } from '../src/core/context.js';
import { defineCommand } from '../src/core/command.js';
import { quarterCoverage } from '../src/activities/coverage.js';
import { quarterCounts, quarterOf, yearRange } from '../src/domain/attendanceWindow.js';
import { bi, lines, type Text } from '../src/i18n/text.js';
import { activitiesOfGrids } from '../src/store/activities.js';
import { levelThreeGrids } from '../src/store/grids.js';

const QUARTERS_ZH = ['一', '二', '三', '四'];
/** Grids listed before "… and N more": a phone screen's worth. */
const SHOWN = 30;

/** A grid's activities this year, quarter by quarter; a quarter with none is called out. */
async function gridView(grid: GridRecord, now: Date): Promise<Text> {
  const { year, quarter } = quarterOf(now);
  const activities = await activitiesOfGrids([grid.code], yearRange(year));
  const counts = quarterCounts(activities.map((a) => a.startsAt), year).slice(0, quarter);
  const zh = counts.map((n, i) => `${QUARTERS_ZH[i]}季度 ${n} 次${n ? '' : '（无活动）'}`).join('，');
  const en = counts.map((n, i) => `Q${i + 1}: ${n}${n ? '' : ' (none)'}`).join(', ');
  const warning = counts[quarter - 1]
    ? []
    : [bi(`本季度还没有活动，每个网格每季度至少一次，请用 /活动 安排。`, 'No activity this quarter yet; every grid holds at least one a quarter. Plan one with /activity.')];
  return lines(
    bi(`${grid.name} ${year} 年活动：${zh}`, `${grid.name}, ${year}: ${en}`),
    ...warning,
    ...activities.map((a) => activityLine(a, now)),
  );
}

/** For a street or the district: the level-3 grids with no activity this quarter. */
async function gridsWithout(grid: GridRecord, now: Date): Promise<Text> {
  const below = await levelThreeGrids(grid.level === 2 ? grid.code : undefined);
  const { year, quarter, without } = await quarterCoverage(below, now);
  const shown = without.slice(0, SHOWN).map((g) => `${g.code} ${g.name}`);
  const more = without.length > SHOWN ? [bi(`……等共 ${without.length} 个`, `… ${without.length} in all`)] : [];
  if (!without.length) return bi(`${year} 年第${QUARTERS_ZH[quarter - 1]}季度，${below.length} 个网格都已有活动。`, `Q${quarter} ${year}: all ${below.length} grids have held an activity.`);
  return lines(
    bi(`${year} 年第${QUARTERS_ZH[quarter - 1]}季度还没有活动的网格（${without.length}/${below.length}）：`, `Grids without an activity in Q${quarter} ${year} (${without.length}/${below.length}):`),
    ...shown,
    ...more,
  );
}

export default defineCommand({
  name: 'activities',
  zh: ['活动情况'],
  params: [],
  args: z.object({}),
  allow: 'member',
  needsGrid: true,
  help: bi('本网格今年的活动和每季度次数；街道、区群里列出本季度还没有活动的网格', "This grid's activities this year by quarter; in a street or district group, the grids with none this quarter"),
  async run(ctx) {
    const grid = ctx.grid!;
    return grid.level === 3 ? gridView(grid, ctx.now) : gridsWithout(grid, ctx.now);
  },
});
