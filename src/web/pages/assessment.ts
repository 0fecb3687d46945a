import { z } from 'zod';
import { loadRules } from '../../assessment/settings.js';
import { runsOf, resultsOf } from '../../assessment/runs.js';
import { pendingTiesText, runText, yuan } from '../../assessment/texts.js';
import { summaryOf } from '../../assessment/runSummary.js';
import { assessmentYearOf, streetRefs } from '../../assessment/workflow.js';
import { yearArg } from '../../assessment/yearArg.js';
import { budgetTotals, gridBudgets } from '../../budgets/gridBudgets.js';
import type { ConsoleDeps, ConsoleServer } from '../consoleServer.js';
import { html } from '../html.js';
import { chart, sendPage } from '../layout.js';
import { gridsInView } from '../scopeGrids.js';

const zh = (t: { 'zh-CN': string }) => t['zh-CN'];

/**
 * 考核与经费: each street's assessment for the year as `/考核` states it, the stars of all of them,
 * and the activity funds by street and grid as `/经费` reckons them. The bureau sees every street, a
 * street admin their own, a leader their grids' funds.
 */
export function registerAssessment(server: ConsoleServer, { app }: ConsoleDeps): void {
  server.get('/assessment', { schema: { querystring: z.object({ year: z.string().max(10).optional() }) } }, async (req, reply) => {
    const v = req.viewer!;
    const now = app.services.clock.now();
    let assessed: number;
    let funded: number;
    try {
      // Typed, one year for both; otherwise each as its command takes it (funds: this year; assessment: January's rule).
      funded = yearArg(req.query.year, now, 1);
      assessed = req.query.year ? yearArg(req.query.year, now) : await assessmentYearOf(now);
    } catch {
      return sendPage(req, reply.code(400), '考核与经费', html`<p>「${req.query.year}」不是有效的年份。</p>`);
    }
    const streets = v.district ? await streetRefs() : v.streets.length ? await streetRefs(v.streets) : [];
    const runs = await runsOf(assessed, streets.map((s) => s.code));
    const sections = [];
    const stars = { 1: 0, 2: 0, 3: 0 };
    for (const street of streets) {
      const run = runs.find((r) => r.street === street.code);
      if (!run) {
        sections.push(html`<p data-run="${street.code}">${street.name}还没有试算 ${assessed} 年的考核。</p>`);
        continue;
      }
      const summary = summaryOf(run);
      for (const n of [1, 2, 3] as const) stars[n] += summary.counts[n];
      const names = summary.pendingTies?.length ? new Map((await resultsOf(run)).map((r) => [r.member, r.name])) : new Map<string, string>();
      const text = [zh(runText(street.name, run)), ...pendingTiesText(summary, names).map(zh)].join('\n');
      sections.push(html`<pre data-run="${street.code}">${text}</pre>`);
    }

    const rules = (await loadRules()).budget;
    const leading = v.district || v.streets.length ? undefined : (await gridsInView(app.services, v)).filter((g) => v.grids.includes(g.code));
    const scope = v.district ? undefined : leading ? [...new Set(leading.map((g) => g.street!))] : v.streets;
    const rows = (await gridBudgets(funded, scope, rules)).filter((r) => !leading || v.grids.includes(r.code));
    const byStreet = [...new Set(rows.map((r) => r.street))].map((s) => ({ street: s, ...budgetTotals(rows.filter((r) => r.street === s)) }));
    const names = new Map(streets.map((s) => [s.code, s.name]));
    const body = html`<form class="inline" method="get" action="/assessment"><input name="year" value="${req.query.year ?? ''}" placeholder="年份，如 ${assessed}"><button>查看</button></form>
<h2>${assessed} 年考核</h2>${sections.length ? sections : html`<p>没有可查看的街道考核。</p>`}
${runs.length ? chart('stars', {
  title: { text: `${assessed} 年星级分布`, textStyle: { fontSize: 14 } },
  xAxis: { type: 'category', data: ['★', '★★', '★★★'] },
  yAxis: { type: 'value', minInterval: 1 },
  series: [{ type: 'bar', data: [stars[1], stars[2], stars[3]] }],
}) : ''}
<h2>${funded} 年活动经费</h2>
<table><tr><th>街道</th><th>网格</th><th>人数</th><th>合计（元）</th><th>优秀网格</th></tr>${byStreet.map(
  (t) => html`<tr data-budget="${t.street}"><td>${names.get(t.street) ?? t.street}</td><td>${t.grids}</td><td>${t.members}</td><td>${yuan(t.total)}</td><td>${t.excellent}</td></tr>`,
)}</table>
<h3>各网格</h3><table><tr><th>编号</th><th>网格</th><th>人数</th><th>经费（元）</th></tr>${rows.map(
  (r) => html`<tr><td>${r.code}</td><td>${r.name}</td><td>${r.members}</td><td>${yuan(r.total)}${r.excellentLastYear ? '（优秀上浮）' : ''}</td></tr>`,
)}</table>`;
    return sendPage(req, reply, '考核与经费', body);
  });
}
