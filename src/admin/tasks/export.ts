import { join } from 'node:path';
import { assessmentReport } from '../../exports/assessmentReport.js';
import { attendanceReport } from '../../exports/attendanceReport.js';
import { budgetReport } from '../../exports/budgetReport.js';
import { summaryLines, writeCsv, writeXlsx, type Report } from '../../exports/report.js';
import { printingUserErrors, yearAndStreet } from '../reportArgs.js';
import { defineTask, parseOptions } from '../task.js';

const KINDS: Record<string, (year: number, now: Date, street?: string) => Promise<Report>> = {
  assessment: assessmentReport,
  budget: budgetReport,
  attendance: attendanceReport,
};
const WRITERS = { xlsx: writeXlsx, csv: writeCsv };
const USAGE = 'export assessment|budget|attendance --year Y [--street S] [--format xlsx|csv] [--out FILE]';

/** The bureau's tables as files: a summary sheet and one sheet per street (XLSX), or every street's rows (CSV). */
export default defineTask({
  name: 'export',
  usage: USAGE,
  summary: 'Export the assessment, grid budgets or attendance as XLSX or CSV',
  async run(args, app, out) {
    const { positional, options } = parseOptions(args);
    const [kind] = positional;
    const build = kind ? KINDS[kind] : undefined;
    const format = options.get('format') ?? 'xlsx';
    if (!build || (format !== 'xlsx' && format !== 'csv')) {
      out(`Usage: npm run admin -- ${USAGE}`);
      return 2;
    }
    return printingUserErrors(out, async () => {
      const now = app.services.clock.now();
      // Next year's funds are known once this year's excellent grids are marked.
      const { year, street } = await yearAndStreet(options, now, kind === 'budget' ? 1 : 0);
      const report = await build(year, now, street);
      const outOption = options.get('out');
      const file = typeof outOption === 'string' ? outOption : join(app.services.config.DATA_DIR, 'exports', `${report.name}.${format}`);
      await WRITERS[format](report, file);
      for (const line of summaryLines(report.summary)) out(line);
      out(`written: ${file}`);
      return 0;
    });
  },
});
