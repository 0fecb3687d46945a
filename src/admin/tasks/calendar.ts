import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseCalendarFile } from '../../domain/calendarFile.js';
import { calendarOf, calendarSource } from '../../domain/workCalendar.js';
import { auditOnce } from '../../store/audit.js';
import { loadBureauCalendar, saveBureauYear } from '../../store/calendarYears.js';
import { defineTask } from '../task.js';

export default defineTask({
  name: 'calendar',
  usage: 'calendar set YEAR FILE | calendar show YEAR',
  summary: "Enter a year's holidays and make-up working days (from the State Council notice), or show a year",
  async run(args, app, out) {
    const [action, yearText, file] = args;
    const year = Number(yearText);
    if (!(action === 'set' || action === 'show') || !/^\d{4}$/.test(yearText ?? '') || (action === 'set' && !file)) {
      out('用法：calendar set 2027 文件.csv | calendar show 2027');
      return 2;
    }
    await loadBureauCalendar();
    if (action === 'set') {
      const parsed = parseCalendarFile(await readFile(file!, 'utf8'), year);
      if (!parsed.ok) {
        out(`${file} 有错误，没有写入：`);
        for (const e of parsed.errors) out(`  ${e}`);
        return 1;
      }
      const now = app.services.clock.now();
      await saveBureauYear(parsed.calendar, basename(file!), now);
      await auditOnce(`admin:calendar:${year}:${now.toISOString()}`, {
        at: now, platform: 'admin', command: 'calendar', args: { year, file: basename(file!) }, result: 'ok',
        detail: `${year}: ${parsed.calendar.holidays.length} days off, ${parsed.calendar.workdays.length} make-up working days`,
      });
    }
    const source = calendarSource(year);
    const y = calendarOf(year);
    out(`${year} 年：${{ bureau: '局里录入', package: '国家日历包', none: '没有数据（只按周末算）' }[source]}`);
    out(`休息日：${y.holidays.join(' ') || '-'}`);
    out(`调休上班：${y.workdays.join(' ') || '-'}`);
    return 0;
  },
});
