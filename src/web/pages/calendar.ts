import { z } from 'zod';
import { parseLocalDate } from '../../domain/chinaTime.js';
import { quarterOf } from '../../domain/attendanceWindow.js';
import { auditOnce } from '../../store/audit.js';
import type { CalendarYear } from '../calendar.js';
import { html } from '../html.js';
import { sendPage } from '../layout.js';
import type { ConsoleDeps, ConsoleServer } from '../consoleServer.js';

const dateList = (dates: string[]) => dates.join(' ');

/** Dates typed one per line or separated by spaces or commas, each in the year; the bad ones named. */
function parseDates(text: string, year: number): { dates: string[]; bad: string[] } {
  const parts = text.split(/[\s,，、]+/).filter(Boolean);
  const dates = parts.map(parseLocalDate);
  return {
    dates: [...new Set(dates.filter((d): d is string => d?.startsWith(`${year}-`) ?? false))].sort(),
    bad: parts.filter((_, i) => !dates[i]?.startsWith(`${year}-`)),
  };
}

/** 日历: the year's days off and make-up working days; the bureau enters a year where the calendar is kept. */
export function registerCalendar(server: ConsoleServer, { app, calendar }: ConsoleDeps): void {
  const thisYear = () => quarterOf(app.services.clock.now()).year;
  const yearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });

  const view = (c: CalendarYear, canEnter: boolean, csrf: string, note?: ReturnType<typeof html>) => html`${note ?? ''}
<form class="inline" method="get" action="/calendar"><input name="year" type="number" value="${c.year}"><button>查看</button></form>
<h2>${c.year} 年放假日（工作日放假，${c.holidays.length} 天）</h2><p>${dateList(c.holidays) || '（无）'}</p>
<h2>${c.year} 年调休上班日（周末上班，${c.workdays.length} 天）</h2><p>${dateList(c.workdays) || '（无）'}</p>
${canEnter ? html`<h2>录入 ${c.year} 年日历</h2><form method="post" action="/calendar"><input type="hidden" name="_csrf" value="${csrf}">
<input type="hidden" name="year" value="${c.year}">
<p><label>放假日<br><textarea name="holidays" rows="4" cols="60">${dateList(c.holidays)}</textarea></label></p>
<p><label>调休上班日<br><textarea name="workdays" rows="2" cols="60">${dateList(c.workdays)}</textarea></label></p>
<button>保存</button></form>` : ''}`;

  server.get('/calendar', { schema: { querystring: yearQuery } }, async (req, reply) => {
    const c = await calendar.year(req.query.year ?? thisYear());
    return sendPage(req, reply, '日历', view(c, req.viewer!.district && !!calendar.enter, reply.generateCsrf()));
  });

  server.post('/calendar', {
    config: { access: 'bureau' },
    schema: { body: z.object({ year: z.coerce.number().int().min(2000).max(2100), holidays: z.string().max(5000), workdays: z.string().max(2000), _csrf: z.string().optional() }) },
  }, async (req, reply) => {
    const { year } = req.body;
    const holidays = parseDates(req.body.holidays, year);
    const workdays = parseDates(req.body.workdays, year);
    const bad = [...holidays.bad, ...workdays.bad];
    const entered = { year, holidays: holidays.dates, workdays: workdays.dates };
    if (!calendar.enter || bad.length) {
      const note = calendar.enter ? html`<p>这些不是 ${year} 年的日期：${bad.join('、')}。未保存。</p>` : html`<p>日历不能在此录入。</p>`;
      return sendPage(req, reply.code(400), '日历', view(entered, !!calendar.enter, reply.generateCsrf(), note));
    }
    const v = req.viewer!;
    const at = new Date();
    await calendar.enter(entered, `web:${v.member.name}`, at);
    await auditOnce(`web:calendar:${year}:${at.getTime()}`, {
      at, actor: v.member._id.toString(), actorName: v.member.name, platform: 'web', command: 'calendar', result: 'ok',
      detail: `${year}: ${entered.holidays.length} holidays, ${entered.workdays.length} workdays`,
    });
    return sendPage(req, reply, '日历', view(await calendar.year(year), true, reply.generateCsrf(), html`<p class="notice">已保存 ${year} 年日历。</p>`));
  });
}
