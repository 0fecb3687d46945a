import { quarterCoverage } from '../../activities/coverage.js';
import type { Services } from '../../core/services.js';
import { LEVEL_NAMES } from '../../problems/texts.js';
import { allOpenProblems } from '../../problems/list.js';
import { html } from '../html.js';
import { chart, sendPage } from '../layout.js';
import { streetDirectories } from '../../store/streetDirectories.js';
import type { ConsoleDeps, ConsoleServer } from '../consoleServer.js';
import { gridFilter, seesGrid, type Viewer } from '../viewer.js';

const DAY = 86_400_000;
const AGES = [
  { label: '1天内', upTo: DAY },
  { label: '1–3天', upTo: 3 * DAY },
  { label: '3–7天', upTo: 7 * DAY },
  { label: '7天以上', upTo: Infinity },
];

/**
 * The overview's figures, read with the functions the chat commands use (`/活动情况` counts grids
 * without an activity by `quarterCoverage`, `/问题列表` lists the open rows), so both say the same.
 * Grids and people come from the street directories the roster writes keep counted, not from a
 * pass over every grid and member.
 */
export async function overviewOf(services: Services, v: Viewer) {
  const now = services.clock.now();
  const grids = (await streetDirectories()).flatMap(({ street, grids }) =>
    Object.entries(grids).map(([code, people]) => ({ code, street, level: 3, people })).filter((g) => seesGrid(v, g)));
  const [coverage, open] = await Promise.all([quarterCoverage(grids, now), allOpenProblems(gridFilter(v))]);
  const people = grids.reduce((n, g) => n + g.people, 0);
  const byLevel = ([3, 2, 1] as const).map((level) => ({ level, count: open.filter((p) => p.level === level).length }));
  const ages = AGES.map((a, i) => ({
    label: a.label,
    count: open.filter((p) => {
      const age = now.getTime() - p.raisedAt.getTime();
      return age <= a.upTo && (i === 0 || age > AGES[i - 1]!.upTo);
    }).length,
  }));
  return { grids: grids.length, people, ...coverage, open: open.length, byLevel, ages };
}

const QUARTERS = ['一', '二', '三', '四'];

export function registerOverview(server: ConsoleServer, { app }: ConsoleDeps): void {
  server.get('/', async (req, reply) => {
    const o = await overviewOf(app.services, req.viewer!);
    const figure = (label: string, value: string | number, href: string) =>
      html`<a class="figure" href="${href}"><span>${label}</span><b data-figure="${label}">${value}</b></a>`;
    const body = html`<p>${o.year} 年第${QUARTERS[o.quarter - 1]}季度</p>
<section class="figures">
${figure('网格', o.grids, '/grids')}
${figure('名录人数', o.people, '/grids')}
${figure('本季度已有活动', o.grids - o.without.length, '/grids')}
${figure('本季度无活动网格', `${o.without.length}/${o.grids}`, '/grids?without=1')}
${figure('未解决问题', o.open, '/problems')}
</section>
${chart('problems-by-level', {
  title: { text: '未解决问题（按层级）', textStyle: { fontSize: 14 } },
  xAxis: { type: 'category', data: o.byLevel.map((l) => LEVEL_NAMES[l.level]['zh-CN']) },
  yAxis: { type: 'value', minInterval: 1 },
  series: [{ type: 'bar', data: o.byLevel.map((l) => l.count) }],
})}
${chart('problems-by-age', {
  title: { text: '未解决问题（按等待时长）', textStyle: { fontSize: 14 } },
  xAxis: { type: 'category', data: o.ages.map((a) => a.label) },
  yAxis: { type: 'value', minInterval: 1 },
  series: [{ type: 'bar', data: o.ages.map((a) => a.count) }],
})}`;
    return sendPage(req, reply, '总览', body);
  });
}
