import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { localDate } from '../src/domain/chinaTime.js';
import { periodOf, returnsWindow } from '../src/domain/reminderSchedule.js';
import { bi } from '../src/i18n/text.js';
import { monthDay } from '../src/core/months.js';
import { settingsOfStreet } from '../src/reminders/settings.js';
import { recordFiling } from '../src/store/returnsFilings.js';

export default defineCommand({
  name: 'filed',
  zh: ['已报'],
  params: [],
  args: z.object({}),
  allow: 'member',
  needsGrid: true,
  changesState: true,
  help: bi('确认您单位本月的统计报表已报送', "Confirm your unit's statistical returns for this month are filed"),
  async run(ctx) {
    const grid = ctx.grid!;
    if (grid.level !== 3 || !grid.street) throw new UserError(bi('请在您所在网格的群里发送 /已报。', 'Send /filed in your grid’s group.'));
    const period = periodOf(ctx.now);
    const settings = await settingsOfStreet(grid.street);
    const { start, end } = returnsWindow(period, settings);
    const window = bi(`${monthDay(start)['zh-CN']}至${monthDay(end)['zh-CN']}`, `${start} to ${end}`);
    const member = ctx.member!._id.toString();
    const recorded = await recordFiling(
      { period, member, grid: grid.code, street: grid.street, filedAt: ctx.now },
      { eventKey: ctx.eventKey, returnsEndDay: settings.returnsEndDay },
    );
    const first = recorded.filing;
    if (!recorded.first) {
      const day = monthDay(localDate(first.filedAt));
      return bi(`您本月已于 ${day['zh-CN']} 确认过报送，无需重复。`, `You already confirmed this month's returns on ${localDate(first.filedAt)}.`);
    }
    ctx.auditDetail = `returns filed ${period} by ${member}`;
    const late = localDate(ctx.now) > end ? bi('（已过报送期）', ' (after the window)') : bi('', '');
    return bi(`已记录：您单位本月统计报表已报送${late['zh-CN']}。本月报送期 ${window['zh-CN']}。`, `Recorded: your unit's returns for this month are filed${late.en}. This month's window: ${window.en}.`);
  },
});
