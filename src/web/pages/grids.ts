import { z } from 'zod';
import { activityLine } from '../../activities/texts.js';
import { quarterCoverage } from '../../activities/coverage.js';
import { gridCensus, roleOf, type GridSummary } from '../../core/access.js';
import { atLeast } from '../../core/roles.js';
import { yearRange, quarterOf } from '../../domain/attendanceWindow.js';
import { maskPhone } from '../../domain/phone.js';
import { GRID_ROLE_NAMES } from '../../i18n/domainNames.js';
import { allOpenProblems } from '../../problems/list.js';
import { no, STATUS_NAMES } from '../../problems/texts.js';
import type { ProblemStatus } from '../../domain/problemFlow.js';
import { activitiesOfGrids } from '../../store/activities.js';
import { findPeople } from '../../store/directory.js';
import { rosterOf } from '../../store/rosters.js';
import { findSurveyObjects } from '../../store/surveyObjects.js';
import { html } from '../html.js';
import { sendPage, sendPlain } from '../layout.js';
import { gridsInView } from '../scopeGrids.js';
import type { ConsoleDeps, ConsoleServer } from '../consoleServer.js';
import { seesGrid } from '../viewer.js';

/** Rows shown before "…": a district has tens of thousands of grids. */
const SHOWN = 200;

const gridRow = (g: GridSummary, note = '') => html`<tr><td><a href="/grids/${g.code}">${g.code}</a></td><td>${g.name}</td><td>${g.industry ?? ''}</td><td>${note}</td></tr>`;
const gridTable = (rows: ReturnType<typeof gridRow>[], total: number) =>
  html`<table><tr><th>编号</th><th>名称</th><th>行业</th><th></th></tr>${rows.slice(0, SHOWN)}</table>${total > SHOWN ? html`<p>……共 ${total} 个，请用搜索缩小范围。</p>` : ''}`;

/** Grids matching a search: by code or name, by an enterprise in them, or by a person in their directory. */
async function search(seen: GridSummary[], q: string): Promise<Array<{ grid: GridSummary; why: string }>> {
  const byCode = new Map(seen.map((g) => [g.code, g]));
  const found: Array<{ grid: GridSummary; why: string }> = seen.filter((g) => g.code === q.toUpperCase() || g.name.includes(q)).map((grid) => ({ grid, why: '' }));
  for (const o of await findSurveyObjects(q)) {
    const grid = o.grid ? byCode.get(o.grid) : undefined;
    if (grid) found.push({ grid, why: `调查对象：${o.name}` });
  }
  for (const p of await findPeople(q)) {
    for (const m of p.memberships) {
      const grid = byCode.get(m.grid);
      if (grid) found.push({ grid, why: `成员：${p.name}` });
    }
  }
  return found;
}

export function registerGrids(server: ConsoleServer, { app }: ConsoleDeps): void {
  server.get('/grids', {
    schema: { querystring: z.object({ q: z.string().trim().max(50).optional(), street: z.string().max(20).optional(), without: z.literal('1').optional() }) },
  }, async (req, reply) => {
    const v = req.viewer!;
    const seen = await gridsInView(app.services, v);
    const { q, street, without } = req.query;
    const form = html`<form class="inline" method="get" action="/grids"><input name="q" value="${q ?? ''}" placeholder="编号、名称、企业或人名、手机号"><button>搜索</button></form>`;
    let content;
    if (q) {
      const hits = await search(seen, q);
      content = hits.length ? gridTable(hits.map((h) => gridRow(h.grid, h.why)), hits.length) : html`<p>没有找到“${q}”。</p>`;
    } else if (without) {
      const level3 = seen.filter((g) => g.level === 3);
      const { without: none } = await quarterCoverage(level3, app.services.clock.now());
      content = html`<h2>本季度还没有活动的网格（${none.length}/${level3.length}）</h2>${gridTable(none.map((g) => gridRow(g)), none.length)}`;
    } else if (street || seen.every((g) => g.level === 3)) {
      const rows = seen.filter((g) => g.level === 3 && (!street || g.street === street));
      content = gridTable(rows.map((g) => gridRow(g)), rows.length);
    } else {
      const streets = seen.filter((g) => g.level === 2);
      const count = (s: string) => seen.filter((g) => g.level === 3 && g.street === s).length;
      content = html`<table><tr><th>编号</th><th>镇街</th><th>网格数</th></tr>${streets.map(
        (s) => html`<tr><td><a href="/grids/${s.code}">${s.code}</a></td><td><a href="/grids?street=${s.code}">${s.name}</a></td><td>${count(s.code)}</td></tr>`,
      )}</table>`;
    }
    return sendPage(req, reply, '网格', html`${form}${content}`);
  });

  server.get('/grids/:code', { schema: { params: z.object({ code: z.string().max(30) }) } }, async (req, reply) => {
    const v = req.viewer!;
    const { grids } = await gridCensus(app.services);
    const grid = grids.find((g) => g.code === req.params.code);
    if (!grid) return sendPlain(reply, 404, '找不到网格', `没有编号为 ${req.params.code} 的网格。`);
    if (!seesGrid(v, grid)) return sendPlain(reply, 403, '无权访问', '这个网格不在您的管辖范围内。');
    const { year } = quarterOf(app.services.clock.now());
    const [people, activities, open, role] = await Promise.all([
      rosterOf(grid.code),
      activitiesOfGrids([grid.code], yearRange(year)),
      allOpenProblems({ grid: grid.code }),
      roleOf(v.member, grid),
    ]);
    // Phones as `/通讯录` shows them: whole to leaders and above, masked below.
    const phone = (p: string) => (atLeast(role, 'leader') ? p : maskPhone(p));
    const below = grid.level < 3 ? grids.filter((g) => g.level === 3 && g.street === grid.code) : [];
    const body = html`<p>${grid.code} · ${grid.industry ?? (grid.level === 2 ? '镇街' : '全区')}</p>
${below.length ? html`<h2>下辖网格（${below.length}）</h2>${gridTable(below.map((g) => gridRow(g)), below.length)}` : ''}
<h2>通讯录（${people.length} 人）</h2>
<table><tr><th>姓名</th><th>角色</th><th>单位</th><th>手机号</th></tr>${people.map(
  (p) => html`<tr><td>${p.name}</td><td>${GRID_ROLE_NAMES[p.role]['zh-CN']}</td><td>${p.unit}</td><td>${phone(p.phone)}</td></tr>`,
)}</table>
<h2>${year} 年活动（${activities.length}）</h2>
<ul>${activities.map((a) => html`<li>${activityLine(a, app.services.clock.now())['zh-CN']}</li>`)}</ul>
<h2>未解决问题（${open.length}）</h2>
<ul>${open.map((p) => html`<li><a href="/problems/${no(p.number)}">${no(p.number)}</a> ${STATUS_NAMES[p.status as ProblemStatus]['zh-CN']} ${p.text}</li>`)}</ul>`;
    return sendPage(req, reply, grid.name, body);
  });
}
