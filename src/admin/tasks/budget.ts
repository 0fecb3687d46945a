import { budgetReport } from '../../exports/budgetReport.js';
import { summaryLines } from '../../exports/report.js';
import { printingUserErrors, yearAndStreet } from '../reportArgs.js';
import { defineTask, parseOptions } from '../task.js';

/** The district's grid budgets on the console: every street's grids, then the totals by street. */
export default defineTask({
  name: 'budget',
  usage: 'budget [--year Y] [--street S]',
  summary: "Print the grids' yearly activity funds (district table)",
  run: (args, app, out) =>
    printingUserErrors(out, async () => {
      const now = app.services.clock.now();
      const { year, street } = await yearAndStreet(parseOptions(args).options, now, 1);
      const report = await budgetReport(year, now, street);
      for (const s of report.streets) {
        const sheet = await s.sheet();
        out(sheet.title);
        for (const line of summaryLines(sheet)) out(line);
        out('');
      }
      out(report.summary.title);
      for (const line of summaryLines(report.summary)) out(line);
      return 0;
    }),
});
