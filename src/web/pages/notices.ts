import { z } from 'zod';
import { formatLocal } from '../../domain/chinaTime.js';
import { ackStats, parseNoticeCode, rate, type AckStats } from '../../reminders/bureauNotices.js';
import { gridNames } from '../../store/grids.js';
import { latestNotices, noticeByCode } from '../../store/notices.js';
import type { ConsoleDeps, ConsoleServer } from '../consoleServer.js';
import { html } from '../html.js';
import { sendPage, sendPlain } from '../layout.js';
import { gridsInView } from '../scopeGrids.js';
import type { Viewer } from '../viewer.js';

const LATEST = 20;

/**
 * The streets whose figures a viewer reads, as `/通知情况` in their group would: the district's
 * (undefined) for the bureau, each street of a street admin or of a leader's grids.
 */
async function streetsOf(app: ConsoleDeps['app'], v: Viewer): Promise<Array<string | undefined>> {
  if (v.district) return [undefined];
  const leading = (await gridsInView(app.services, v)).filter((g) => v.grids.includes(g.code)).map((g) => g.street ?? g.code);
  return [...new Set([...v.streets, ...leading])].sort();
}

/** The rows a viewer may see of one street's figures: every grid to a street admin, their own to a leader. */
const gridRows = (v: Viewer, street: string, stats: AckStats) =>
  [...stats.byGrid].filter(([code]) => v.streets.includes(street) || v.grids.includes(code)).sort(([a], [b]) => a.localeCompare(b));

/** 通知: the bureau's notices and how far each has been acknowledged, by the functions `/通知情况` uses. */
export function registerNotices(server: ConsoleServer, { app }: ConsoleDeps): void {
  server.get('/notices', async (req, reply) => {
    const v = req.viewer!;
    const streets = await streetsOf(app, v);
    const rows = [];
    for (const n of await latestNotices(LATEST)) {
      const rates = [];
      for (const street of streets) rates.push(rate((await ackStats(app.services, n, street)).total));
      rows.push(html`<tr><td><a href="/notices/${n.code}">${n.code}</a></td><td>${formatLocal(n.createdAt)}</td><td>${n.text}</td><td data-ack="${n.code}">${rates.join('；')}</td></tr>`);
    }
    const body = rows.length
      ? html`<table><tr><th>编号</th><th>发出时间</th><th>内容</th><th>已确认</th></tr>${rows}</table><p>显示最近 ${LATEST} 条。</p>`
      : html`<p>还没有发过通知。</p>`;
    return sendPage(req, reply, '通知', body);
  });

  server.get('/notices/:code', { schema: { params: z.object({ code: z.string().max(12) }) } }, async (req, reply) => {
    const v = req.viewer!;
    const code = parseNoticeCode(req.params.code);
    const notice = code ? await noticeByCode(code) : undefined;
    if (!notice) return sendPlain(reply, 404, '找不到通知', `没有通知「${req.params.code}」。`);
    const sections = [];
    for (const street of await streetsOf(app, v)) {
      const stats = await ackStats(app.services, notice, street);
      if (!street) {
        const names = await gridNames([...stats.byStreet.keys()]);
        const rows = [...stats.byStreet].sort(([a], [b]) => a.localeCompare(b))
          .map(([s, c]) => html`<tr><td>${names.get(s) ?? '区级'}</td><td data-ack="${s}">${rate(c)}</td></tr>`);
        sections.push(html`<p>全区已确认 <b data-ack="total">${rate(stats.total)}</b></p><h2>按街道</h2><table><tr><th>街道</th><th>已确认</th></tr>${rows}</table>`);
        continue;
      }
      const rows = gridRows(v, street, stats).map(([g, c]) => html`<tr><td>${g}</td><td>${c.name}</td><td data-ack="${g}">${rate(c)}</td></tr>`);
      sections.push(html`<h2>${street} 按网格</h2><table><tr><th>编号</th><th>网格</th><th>已确认</th></tr>${rows}</table>`);
    }
    const body = html`<p>${formatLocal(notice.createdAt)} 发往 ${notice.groups ?? 0} 个群</p><blockquote>${notice.text}</blockquote>${sections}`;
    return sendPage(req, reply, `通知 ${notice.code}`, body);
  });
}
