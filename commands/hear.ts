import { z } from 'zod';
import { adminStreets } from '../src/core/access.js';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { monthArg } from '../src/core/months.js';
import { periodOf } from '../src/domain/reminderSchedule.js';
import { HEARING } from '../src/hearing/texts.js';
import { bi } from '../src/i18n/text.js';
import { gridByCode } from '../src/store/grids.js';
import { monthlyReportOf, recordHearing } from '../src/store/monthlyReports.js';

/** The street records that it heard a level-3 grid's monthly report (the [已听取] button runs it). */
export default defineCommand({
  name: 'hear',
  zh: ['听取'],
  params: ['grid', 'month'],
  args: z.object({ grid: z.string().max(20), month: z.string().max(20).optional() }),
  allow: 'streetAdmin',
  changesState: true,
  help: bi('街道网格长、副网格长：记录已听取某网格的月度汇报', "Street leader or deputy: record that you heard a grid's monthly report"),
  usage: bi('网格编号 [月份]', 'GRID [MONTH]'),
  async run(ctx, args) {
    const period = args.month ? monthArg(args.month, ctx.now) : periodOf(ctx.now);
    const grid = await gridByCode(args.grid.trim().toUpperCase());
    if (!grid || grid.level !== 3 || !grid.street) throw new UserError(HEARING.notLevel3(args.grid));
    if (!(await adminStreets(ctx.member!)).includes(grid.street)) throw new UserError(HEARING.notYourStreet(grid));
    if (!(await monthlyReportOf(grid.code, period))) throw new UserError(HEARING.noReport(grid, period));
    const { report, first } = await recordHearing({ grid: grid.code, period, at: ctx.now, by: ctx.member!._id.toString(), byName: ctx.member!.name });
    if (!first) {
      ctx.nothingChanged = true;
      return HEARING.already(grid, period, report!);
    }
    ctx.auditDetail = `heard ${grid.code} ${period}`;
    return HEARING.recorded(grid, period);
  },
});
