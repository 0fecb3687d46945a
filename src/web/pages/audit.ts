import { DateTime } from 'luxon';
import { z } from 'zod';
import { CHINA_ZONE, formatLocal, parseLocalDate } from '../../domain/chinaTime.js';
import { searchAudit } from '../../store/audit.js';
import { html } from '../html.js';
import { sendPage } from '../layout.js';
import { gridsInView } from '../scopeGrids.js';
import type { ConsoleDeps, ConsoleServer } from '../consoleServer.js';

const query = z.object({
  person: z.string().trim().max(30).optional(),
  command: z.string().trim().max(30).optional(),
  grid: z.string().trim().max(30).optional(),
  date: z.string().trim().max(10).optional(),
});

/** The audit log, newest first, searchable by person, command, grid and day; a street or grid sees its own entries. */
export function registerAudit(server: ConsoleServer, { app }: ConsoleDeps): void {
  server.get('/audit', { schema: { querystring: query } }, async (req, reply) => {
    const v = req.viewer!;
    const q = req.query;
    const day = q.date ? parseLocalDate(q.date) : undefined;
    const from = day ? DateTime.fromISO(day, { zone: CHINA_ZONE }) : undefined;
    const grids = v.district ? undefined : (await gridsInView(app.services, v)).map((g) => g.code);
    const entries = await searchAudit(
      { actorName: q.person || undefined, command: q.command || undefined, grid: q.grid?.toUpperCase() || undefined, from: from?.toJSDate(), to: from?.plus({ days: 1 }).toJSDate() },
      grids,
    );
    const field = (name: keyof typeof q, label: string) => html`<input name="${name}" value="${q[name] ?? ''}" placeholder="${label}">`;
    const body = html`<form class="inline" method="get" action="/audit">${field('person', '姓名')}${field('command', '命令（英文名，如 answer）')}${field('grid', '网格编号')}${field('date', '日期 2026-12-05')}<button>查询</button></form>
${q.date && !day ? html`<p>日期格式应为 2026-12-05。</p>` : ''}
<table><tr><th>时间</th><th>人</th><th>命令</th><th>网格</th><th>结果</th><th>详情</th></tr>${entries.map(
  (e) => html`<tr><td>${formatLocal(e.at)}</td><td>${e.actorName ?? ''}</td><td>${e.command}</td><td>${e.grid ?? ''}</td><td>${e.result === 'ok' ? '成功' : '失败'}</td><td>${e.detail ?? ''}</td></tr>`,
)}</table><p>最多显示最近 200 条。</p>`;
    return sendPage(req, reply, '审计', body);
  });
}
