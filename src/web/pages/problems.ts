import { z } from 'zod';
import { UserError } from '../../core/errors.js';
import { formatLocal } from '../../domain/chinaTime.js';
import type { FlowLevel, ProblemStatus } from '../../domain/problemFlow.js';
import { allOpenProblems } from '../../problems/list.js';
import { findProblem } from '../../problems/lookup.js';
import { ageText, LEVEL_NAMES, no, STATUS_NAMES } from '../../problems/texts.js';
import type { ProblemRecord } from '../../store/models/problem.js';
import { asArgument, runAsViewer } from '../chatAsViewer.js';
import { html } from '../html.js';
import { sendPage, sendPlain } from '../layout.js';
import type { ConsoleDeps, ConsoleServer } from '../consoleServer.js';
import { gridFilter, seesGrid, type Viewer } from '../viewer.js';

const STEP_NAMES: Record<string, string> = {
  ask: '提问', answer: '答复', followup: '追问', handover: '转交', escalate: '上报', resolve: '解决', standard: '标准答复',
};
const DAY = 86_400_000;

/** The problem a URL names, if the viewer may see its grid; otherwise the plain page already sent. */
async function visibleProblem(v: Viewer, typed: string): Promise<ProblemRecord | 404 | 403> {
  let p: ProblemRecord;
  try {
    p = await findProblem(typed);
  } catch (err) {
    if (err instanceof UserError) return 404;
    throw err;
  }
  return seesGrid(v, { code: p.grid, level: p.gridLevel, street: p.street }) ? p : 403;
}

const filters = z.object({
  street: z.string().max(20).optional(),
  level: z.enum(['1', '2', '3']).optional(),
  status: z.enum(['open', 'answered']).optional(),
  days: z.coerce.number().int().min(0).max(365).optional(),
});

export function registerProblems(server: ConsoleServer, { app }: ConsoleDeps): void {
  server.get('/problems', { schema: { querystring: filters } }, async (req, reply) => {
    const v = req.viewer!;
    const q = req.query;
    const now = app.services.clock.now().getTime();
    const rows = (await allOpenProblems(gridFilter(v))).filter(
      (p) => (!q.street || p.street === q.street) && (!q.level || p.level === Number(q.level)) && (!q.status || p.status === q.status) &&
        (q.days === undefined || now - p.raisedAt.getTime() >= q.days * DAY),
    );
    const option = (value: string, label: string, current?: string) => html`<option value="${value}" ${value === (current ?? '') ? html`selected` : ''}>${label}</option>`;
    const form = html`<form class="inline" method="get" action="/problems">
<input name="street" value="${q.street ?? ''}" placeholder="镇街编号">
<select name="level">${option('', '全部层级', q.level)}${([3, 2, 1] as const).map((l) => option(String(l), LEVEL_NAMES[l]['zh-CN'], q.level))}</select>
<select name="status">${option('', '全部状态', q.status)}${option('open', '待答复', q.status)}${option('answered', '已答复待确认', q.status)}</select>
<input name="days" type="number" min="0" value="${q.days ?? ''}" placeholder="等待天数≥"><button>筛选</button></form>`;
    const table = html`<table><tr><th>编号</th><th>状态</th><th>层级</th><th>等待</th><th>网格</th><th>提问人</th><th>内容</th></tr>${rows.slice(0, 500).map(
      (p) => html`<tr><td><a href="/problems/${no(p.number)}">${no(p.number)}</a></td><td>${STATUS_NAMES[p.status as ProblemStatus]['zh-CN']}</td>
<td>${LEVEL_NAMES[p.level as FlowLevel]['zh-CN']}</td><td>${ageText(now - p.raisedAt.getTime())['zh-CN']}</td><td>${p.gridName}</td><td>${p.askerName}</td><td>${p.text}</td></tr>`,
    )}</table>`;
    return sendPage(req, reply, '问题', html`${form}<p>未解决 ${rows.length} 个（最早的在前）</p>${table}`);
  });

  server.get('/problems/:no', { schema: { params: z.object({ no: z.string().max(20) }), querystring: z.object({ sent: z.literal('1').optional() }) } }, async (req, reply) => {
    const p = await visibleProblem(req.viewer!, req.params.no);
    if (p === 404) return sendPlain(reply, 404, '找不到问题', '没有这个编号的问题。');
    if (p === 403) return sendPlain(reply, 403, '无权访问', '这个问题不在您的管辖范围内。');
    const token = reply.generateCsrf();
    const action = (path: string, field: string, label: string, placeholder: string) => html`<form class="inline" method="post" action="/problems/${p._id}/${path}">
<input type="hidden" name="_csrf" value="${token}"><input name="${field}" required maxlength="500" placeholder="${placeholder}"><button>${label}</button></form>`;
    const open = p.status !== 'resolved';
    const body = html`${req.query.sent ? html`<p class="notice">已提交，处理结果已私信发给您。</p>` : ''}
<p>${p.gridName} · ${STATUS_NAMES[p.status as ProblemStatus]['zh-CN']} · ${LEVEL_NAMES[p.level as FlowLevel]['zh-CN']}${p.holderName ? html` · 经办：${p.holderName}` : ''}</p>
<table><tr><th>时间</th><th>步骤</th><th>人</th><th>内容</th></tr>${p.steps.map(
  (s) => html`<tr><td>${formatLocal(s.at)}</td><td>${STEP_NAMES[s.kind] ?? s.kind}</td><td>${s.byName ?? ''}</td><td>${s.text ?? ''}</td></tr>`,
)}</table>
${open ? html`<h2>答复或转交</h2>${action('answer', 'text', '答复', '答复内容')}${action('handover', 'who', '转交', '姓名或手机号')}` : ''}`;
    return sendPage(req, reply, `问题 ${p._id}`, body);
  });

  // Answering and handing over run the chat commands themselves, as the viewer: their rules, their audit.
  for (const [path, field, command] of [['answer', 'text', '答复'], ['handover', 'who', '转交']] as const) {
    server.post(`/problems/:no/${path}`, {
      schema: { params: z.object({ no: z.string().max(20) }), body: z.object({ [field]: z.string().trim().min(1).max(500), _csrf: z.string().optional() }) },
    }, async (req, reply) => {
      const v = req.viewer!;
      const p = await visibleProblem(v, req.params.no);
      if (p === 404) return sendPlain(reply, 404, '找不到问题', '没有这个编号的问题。');
      if (p === 403) return sendPlain(reply, 403, '无权访问', '这个问题不在您的管辖范围内。');
      const text = asArgument((req.body as Record<string, string>)[field]!);
      const handled = await runAsViewer(app, v, `/${command} ${p._id} ${text}`);
      if (!handled) return sendPlain(reply, 503, '稍后再试', '机器人正忙，请求已排队，稍后刷新查看。');
      return reply.redirect(`/problems/${p._id}?sent=1`, 303);
    });
  }
}
