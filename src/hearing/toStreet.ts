import type { CommandContext, GridRecord } from '../core/context.js';
import type { Outgoing } from '../core/types.js';
import { leadersOf, userIdOn } from '../problems/audience.js';
import { problemsRaisedIn } from '../problems/list.js';
import { groupsOf } from '../reminders/reach.js';
import type { MonthlyReport } from '../store/models/monthlyReport.js';
import { HEARD_BUTTON, hearCommand, reportCardText, reportCardTitle } from './texts.js';

/**
 * A level-3 report goes to the street to be heard (第二级网格长每月听取): to the street's groups, or,
 * where the street has none bound, privately to its leader and deputies. It carries the grid's
 * problems of that month and the [已听取] button.
 */
export async function sendReportToStreet(ctx: CommandContext, grid: GridRecord, report: MonthlyReport, revised: boolean): Promise<void> {
  const street = grid.street!;
  const problems = (await problemsRaisedIn([grid.code], report.period)).get(grid.code)!;
  const card: Omit<Outgoing, 'to'> = {
    title: reportCardTitle(grid),
    text: reportCardText(grid, report, problems, revised),
    buttons: [{ label: HEARD_BUTTON, command: hearCommand(grid.code, report.period) }],
  };
  const groups = (await groupsOf([street])).get(street) ?? [];
  if (groups.length) {
    for (const g of groups) ctx.send({ ...card, to: g });
    return;
  }
  for (const person of await leadersOf(street)) {
    const userId = userIdOn(person, ctx.message.platform);
    if (userId) ctx.send({ ...card, to: { userId } });
  }
}
