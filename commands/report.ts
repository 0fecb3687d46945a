import { z } from 'zod';
import { freeTextArg } from '../src/core/argTypes.js';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { isLate, periodOf, reportSchedule } from '../src/domain/reminderSchedule.js';
import { bi } from '../src/i18n/text.js';
import { monthArg, monthDay, monthName, namesMonth } from '../src/core/months.js';
import { settingsOfStreet } from '../src/reminders/settings.js';
import { addToTally, yearOfPeriod } from '../src/store/gridTallies.js';
import { fileMonthlyReport } from '../src/store/monthlyReports.js';
import { sendReportToStreet } from '../src/hearing/toStreet.js';

export default defineCommand({
  name: 'report',
  zh: ['月报'],
  params: ['...text'],
  args: z.object({ text: freeTextArg }),
  allow: 'leader',
  needsGrid: true,
  changesState: true,
  help: bi('网格长提交本月的月度汇报（含网格员反映的问题）', "Leader: submit this month's report (with problems members raised)"),
  usage: bi('[月份] 汇报内容', '[MONTH] TEXT'),
  async run(ctx, { text }) {
    const grid = ctx.grid!;
    if (grid.level !== 3 || !grid.street) {
      throw new UserError(bi('月报由三级网格的网格长在本网格群里提交。', "Monthly reports are sent by a level-3 grid's leader in its group."));
    }
    const current = periodOf(ctx.now);
    // A leading month ("2026-11", "上个月") names the report's month.
    const first = text.split(/\s+/)[0]!;
    const monthToken = namesMonth(first, ctx.now) ? first : undefined;
    const period = monthToken ? monthArg(monthToken, ctx.now) : current;
    if (period > current) throw new UserError(bi('不能提交以后月份的月报。', 'You cannot report for a future month.'));
    const body = monthToken ? text.slice(monthToken.length).trim() : text;
    if (!body) throw new UserError(bi('请在月份后写上汇报内容。', 'Write the report after the month.'));

    const { due } = reportSchedule(period, await settingsOfStreet(grid.street));
    const { report, revised } = await fileMonthlyReport({
      grid: grid.code, street: grid.street, period, text: body, at: ctx.now, by: ctx.member!._id.toString(), byName: ctx.member!.name, eventKey: ctx.eventKey,
    });
    await addToTally({ year: yearOfPeriod(period), grid: grid.code, street: grid.street }, [{ kind: 'report', period, at: report.submittedAt }]);
    await sendReportToStreet(ctx, grid, report, revised);
    const late = isLate(report.submittedAt, due);
    ctx.auditDetail = `${revised ? 'revised' : 'submitted'} ${grid.code} ${period}${late ? ' (late)' : ''}`;
    const month = monthName(period);
    const when = late
      ? bi(`逾期提交（截止 ${monthDay(due)['zh-CN']}）`, `late (due ${due})`)
      : bi(`按时（截止 ${monthDay(due)['zh-CN']}）`, `on time (due ${due})`);
    return revised
      ? bi(`已更新${grid.name} ${month['zh-CN']}的月度汇报，${when['zh-CN']}。`, `Updated the ${month.en} report of ${grid.name}, ${when.en}.`)
      : bi(`已收到${grid.name} ${month['zh-CN']}的月度汇报，${when['zh-CN']}。`, `Received the ${month.en} report of ${grid.name}, ${when.en}.`);
  },
});
