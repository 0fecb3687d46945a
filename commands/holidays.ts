import { z } from 'zod';
import { yearArg } from '../src/assessment/yearArg.js';
import { defineCommand } from '../src/core/command.js';
import { atLocal } from '../src/domain/chinaTime.js';
import { formatDay } from '../src/domain/when.js';
import { calendarOf, calendarSource } from '../src/domain/workCalendar.js';
import { bi, lines } from '../src/i18n/text.js';
import { loadBureauCalendar } from '../src/store/calendarYears.js';

const SOURCES = {
  bureau: bi('局里录入', 'entered by the bureau'),
  package: bi('国家日历（软件包）', 'the national calendar package'),
  none: bi('没有数据', 'no data'),
};

export default defineCommand({
  name: 'holidays',
  zh: ['节假日'],
  params: ['year'],
  args: z.object({ year: z.string().max(10).optional() }),
  allow: 'bureauAdmin',
  help: bi('区统计局查看一年的法定节假日和调休上班日', "Bureau: a year's public holidays and make-up working days"),
  usage: bi('[年份]', '[YEAR]'),
  async run(ctx, args) {
    const year = yearArg(args.year, ctx.now, 1);
    await loadBureauCalendar();
    const source = calendarSource(year);
    const days = (dates: string[]) => dates.map((d) => formatDay(atLocal(d, '00:00'), ctx.now)).join('、') || '-';
    const y = calendarOf(year);
    return lines(
      bi(`${year} 年节假日：${SOURCES[source]['zh-CN']}`, `${year} holidays: ${SOURCES[source].en}`),
      ...(source === 'none'
        ? [bi(`请在国务院办公厅发布通知后录入：npm run admin -- calendar set ${year} 文件。录入前只按周末算，提醒和升级会落在节日上。`,
          `Enter it once the State Council publishes its notice: npm run admin -- calendar set ${year} FILE. Until then only weekends count as days off.`)]
        : [bi(`放假（不含周末）：${days(y.holidays)}`, `Days off (weekdays): ${days(y.holidays)}`),
          bi(`调休上班：${days(y.workdays)}`, `Make-up working days: ${days(y.workdays)}`)]),
    );
  },
});
