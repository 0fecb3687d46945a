import { z } from 'zod';
import { quarterOf } from '../../domain/attendanceWindow.js';
import { parseCalendarFile } from '../../domain/calendarFile.js';
import { calendarOf, calendarSource, type CalendarYear } from '../../domain/workCalendar.js';
import { auditOnce } from '../../store/audit.js';
import { settingsText } from '../../reminders/settingsText.js';
import { streetSettings } from '../../reminders/settings.js';
import { loadBureauCalendar, saveBureauYear } from '../../store/calendarYears.js';
import type { ConsoleDeps, ConsoleServer } from '../consoleServer.js';
import type { Viewer } from '../viewer.js';
import { html, type SafeHtml } from '../html.js';
import { sendPage } from '../layout.js';

const YEAR = z.coerce.number().int().min(2000).max(2100);
const SOURCES = { bureau: '区统计局录入', package: '国家日历包', none: '没有数据（只按周末算）' };

/** A year as the lines `calendar set` reads from a file, so what the page shows can be edited and sent back. */
const asLines = (c: CalendarYear) => [...c.holidays.map((d) => `${d} 休`), ...c.workdays.map((d) => `${d} 班`)].join('\n');

/** Each street's reminder settings the viewer may see, as `/提醒设置` in the street's group shows them. */
async function settingsOf(v: Viewer, now: Date): Promise<SafeHtml> {
  if (!v.district && !v.streets.length) return html``;
  const streets = await streetSettings(v.district ? undefined : v.streets);
  return html`<h2>街道提醒设置</h2>${streets.map((s) => html`<pre data-settings="${s.code}">${settingsText(s.name, s.settings, now)['zh-CN']}</pre>`)}`;
}

/**
 * 日历与设置: the year's days off and make-up working days; the bureau enters a year in the lines the admin
 * command `calendar set` reads, checked by the same parser and saved by the same store function.
 */
export function registerCalendar(server: ConsoleServer, { app }: ConsoleDeps): void {
  const thisYear = () => quarterOf(app.services.clock.now()).year;

  const view = async (v: Viewer, year: number, csrf: string, typed?: string, note?: SafeHtml) => {
    const c = calendarOf(year);
    const canEnter = v.district;
    return html`${note ?? ''}
<form class="inline" method="get" action="/calendar"><input name="year" type="number" value="${year}"><button>查看</button></form>
<p>来源：<span data-source>${SOURCES[calendarSource(year)]}</span></p>
<h2>${year} 年放假日（${c.holidays.length} 天）</h2><p data-holidays>${c.holidays.join(' ') || '（无）'}</p>
<h2>${year} 年调休上班日（${c.workdays.length} 天）</h2><p data-workdays>${c.workdays.join(' ') || '（无）'}</p>
${canEnter ? html`<h2>录入 ${year} 年日历</h2><form method="post" action="/calendar"><input type="hidden" name="_csrf" value="${csrf}">
<input type="hidden" name="year" value="${year}">
<p>每行一条：日期或日期范围，加“休”或“班”，如 <code>${year}-10-01~${year}-10-07 休</code>、<code>${year}-09-27 班</code>。保存后替换整年。</p>
<p><textarea name="days" rows="12" cols="60">${typed ?? asLines(c)}</textarea></p>
<button>保存</button></form>` : ''}
${await settingsOf(v, app.services.clock.now())}`;
  };

  server.get('/calendar', { schema: { querystring: z.object({ year: YEAR.optional() }) } }, async (req, reply) => {
    await loadBureauCalendar();
    const year = req.query.year ?? thisYear();
    return sendPage(req, reply, '日历与设置', await view(req.viewer!, year, reply.generateCsrf()));
  });

  server.post('/calendar', {
    config: { access: 'bureau' },
    schema: { body: z.object({ year: YEAR, days: z.string().max(20_000), _csrf: z.string().optional() }) },
  }, async (req, reply) => {
    const { year, days } = req.body;
    await loadBureauCalendar();
    const parsed = parseCalendarFile(days, year);
    if (!parsed.ok) {
      const note = html`<div class="notice"><p>有错误，未保存：</p><ul>${parsed.errors.map((e) => html`<li>${e}</li>`)}</ul></div>`;
      return sendPage(req, reply.code(400), '日历与设置', await view(req.viewer!, year, reply.generateCsrf(), days, note));
    }
    const v = req.viewer!;
    const at = app.services.clock.now();
    await saveBureauYear(parsed.calendar, `web:${v.member.name}`, at);
    await auditOnce(`web:calendar:${year}:${at.toISOString()}`, {
      at, actor: v.member._id.toString(), actorName: v.member.name, platform: 'web', command: 'calendar', args: { year }, result: 'ok',
      detail: `${year}: ${parsed.calendar.holidays.length} days off, ${parsed.calendar.workdays.length} make-up working days`,
    });
    return sendPage(req, reply, '日历与设置', await view(v, year, reply.generateCsrf(), undefined, html`<p class="notice">已保存 ${year} 年日历。</p>`));
  });
}
