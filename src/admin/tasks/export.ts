import { join } from 'node:path';
import { summaryLines, writeCsv, writeXlsx } from '../../exports/report.js';
import { isReportKind, REPORTS, yearsAhead } from '../../exports/reports.js';
import { printingUserErrors, yearAndStreet } from '../reportArgs.js';
import { defineTask, parseOptions } from '../task.js';

const WRITERS = { xlsx: writeXlsx, csv: writeCsv };
const USAGE = 'export assessment|budget|attendance|reports --year Y [--street S] [--format xlsx|csv] [--out FILE]';

/** The bureau's tables as files: a summary sheet and one sheet per street (XLSX), or every street's rows (CSV). */
export default defineTask({
  name: 'export',
  usage: USAGE,
  summary: 'Export the assessment, grid budgets or attendance as XLSX or CSV',
  async run(args, app, out) {
    const { positional, options } = parseOptions(args);
    const [kind] = positional;
    const format = options.get('format') ?? 'xlsx';
    if (!isReportKind(kind) || (format !== 'xlsx' && format !== 'csv')) {
      out(`Usage: npm run admin -- ${USAGE}`);
      return 2;
    }
    return printingUserErrors(out, async () => {
      const now = app.services.clock.now();
      const { year, street } = await yearAndStreet(options, now, yearsAhead(kind));
      const report = await REPORTS[kind](year, now, street);
      const outOption = options.get('out');
      const file = typeof outOption === 'string' ? outOption : join(app.services.config.DATA_DIR, 'exports', `${report.name}.${format}`);
      await WRITERS[format](report, file);
      for (const line of summaryLines(report.summary)) out(line);
      out(`written: ${file}`);
      return 0;
    });
  },
});
