import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { UserError } from '../../core/errors.js';
import { checkPartitionRules } from '../../domain/gridPartition.js';
import { applyImport } from '../../import/applyImport.js';
import { formatSizes, summarizeSizes } from '../../import/gridSizes.js';
import { mappingLines, planImport, type ImportPlan } from '../../import/planImport.js';
import { readSheet } from '../../import/readSheet.js';
import { pick } from '../../i18n/text.js';
import { auditOnce } from '../../store/audit.js';
import { html } from '../html.js';
import { sendPage } from '../layout.js';
import type { ConsoleDeps, ConsoleServer } from '../consoleServer.js';

/** How long an uploaded sheet waits for its confirmation. */
const UPLOAD_TTL_SECONDS = 30 * 60;
const UPLOADS = join(tmpdir(), 'statgrid-uploads');

function planView(plan: ImportPlan): ReturnType<typeof html> {
  if (plan.errors.length) {
    const rows = [...plan.errors].sort((a, b) => a.row - b.row).slice(0, 200);
    return html`<p>${plan.errors.length} 行有错误，整个文件不能导入。请改正后重新上传。</p>
<table><tr><th>行</th><th>原因</th></tr>${rows.map((e) => html`<tr><td>${e.row}</td><td>${e.reason['zh-CN']}</td></tr>`)}</table>`;
  }
  const { objects: o, members: m } = plan;
  return html`<p>共 ${plan.rows} 行。调查对象 新增 ${o.insert.length}、变更 ${o.update.length}、不变 ${o.unchanged}；成员 新增 ${m.insert.length}、变更 ${m.update.length}、不变 ${m.unchanged}；新网格 ${plan.newGrids.filter((g) => g.level === 3).length} 个。</p>
<p>涉及街道的三级网格：${formatSizes(summarizeSizes(plan.gridSizes.values()), 'zh-CN')}</p>
${mappingLines(plan).map((l) => html`<p>${l['zh-CN']}</p>`)}
<ul>${plan.changes.lines.map((l) => html`<li>${l['zh-CN']}</li>`)}</ul>${plan.changes.count > plan.changes.lines.length ? html`<p>……共 ${plan.changes.count} 处变化</p>` : ''}`;
}

/**
 * 导入 (bureau admins): upload the survey-object sheet, read its dry run, confirm once. The same
 * plan and writes as `npm run admin -- import`; the sheet is planned again at confirmation, so what is
 * written matches the store as it is then.
 */
export function registerImport(server: ConsoleServer, { app }: ConsoleDeps): void {
  const { config, redis, queuePrefix } = app.services;
  const rules = { maxSize: config.GRID_MAX_SIZE, mergeBelow: config.GRID_MERGE_BELOW };
  const uploadKey = (id: string) => `${queuePrefix}:web:upload:${id}`;
  const plan = async (path: string) => {
    checkPartitionRules(rules);
    try {
      return await planImport(await readSheet(path), rules);
    } catch (err) {
      if (err instanceof UserError) return pick(err.reply, 'zh-CN');
      throw err;
    }
  };

  server.get('/import', { config: { access: 'bureau' } }, async (req, reply) => {
    const form = html`<p>上传调查对象表（.csv 或 .xlsx，列：街道/镇、单位名称、统一社会信用代码、行业、统计员姓名、手机号、角色）。先试运行，确认后才写入。</p>
<form method="post" action="/import?_csrf=${encodeURIComponent(reply.generateCsrf())}" enctype="multipart/form-data" class="inline">
<input type="file" name="sheet" accept=".csv,.xlsx" required><button>上传并试运行</button></form>`;
    return sendPage(req, reply, '导入', form);
  });

  server.post('/import', { config: { access: 'bureau' } }, async (req, reply) => {
    const file = req.isMultipart() ? await req.file() : undefined;
    const ext = extname(file?.filename ?? '').toLowerCase();
    if (!file || !['.csv', '.xlsx'].includes(ext)) {
      file?.file.resume();
      return sendPage(req, reply.code(400), '导入', html`<p>请上传 .csv 或 .xlsx 文件。</p><p><a href="/import">返回</a></p>`);
    }
    const id = randomBytes(16).toString('hex');
    mkdirSync(UPLOADS, { recursive: true });
    const path = join(UPLOADS, `${id}${ext}`);
    await pipeline(file.file, createWriteStream(path));
    if (file.file.truncated) {
      rmSync(path, { force: true });
      return sendPage(req, reply.code(413), '导入', html`<p>文件超过 20 MB。</p>`);
    }
    const result = await plan(path);
    const ready = typeof result !== 'string' && !result.errors.length && result.changes.count > 0;
    if (ready) await redis.set(uploadKey(id), JSON.stringify({ path, name: file.filename }), 'EX', UPLOAD_TTL_SECONDS);
    else rmSync(path, { force: true });
    const confirm = html`<form method="post" action="/import/${id}/confirm"><input type="hidden" name="_csrf" value="${reply.generateCsrf()}"><button>确认导入</button></form>`;
    const body = html`<p>文件：${file.filename}（试运行，尚未写入）</p>${typeof result === 'string' ? html`<p>${result}</p>` : planView(result)}
${ready ? confirm : typeof result !== 'string' && !result.errors.length ? html`<p>没有变化，无需导入。</p>` : ''}`;
    return sendPage(req, reply, '导入：试运行', body);
  });

  server.post('/import/:id/confirm', { config: { access: 'bureau' }, schema: { params: z.object({ id: z.string().regex(/^[0-9a-f]{32}$/) }) } }, async (req, reply) => {
    // Taken atomically: a second click, or a second tab, finds nothing to confirm.
    const stored = await redis.getdel(uploadKey(req.params.id));
    if (!stored) return sendPage(req, reply.code(410), '导入', html`<p>这份文件已经确认过或已过期，请重新上传。</p><p><a href="/import">返回</a></p>`);
    const { path, name } = JSON.parse(stored) as { path: string; name: string };
    try {
      const result = await plan(path);
      if (typeof result === 'string' || result.errors.length) {
        return sendPage(req, reply, '导入', html`<p>数据已变化，文件不能导入：</p>${typeof result === 'string' ? html`<p>${result}</p>` : planView(result)}`);
      }
      await applyImport(result, app.services.clock.now());
      const v = req.viewer!;
      await auditOnce(`web:import:${req.params.id}`, {
        at: new Date(), actor: v.member._id.toString(), actorName: v.member.name, platform: 'web', command: 'import', result: 'ok',
        detail: `${name}: ${result.changes.count} changes`,
      });
      return sendPage(req, reply, '导入完成', html`<p class="notice">已导入 ${name}：${result.changes.count} 处变化。</p>${planView(result)}`);
    } finally {
      rmSync(path, { force: true });
    }
  });
}
