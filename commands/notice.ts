import { z } from 'zod';
import { gridCensus } from '../src/core/access.js';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import type { Services } from '../src/core/services.js';
import { parseNoticeOptions } from '../src/domain/noticeOptions.js';
import { bi } from '../src/i18n/text.js';
import { jobIdOf } from '../src/queue/jobIds.js';
import { noticeCode, targetGrids } from '../src/reminders/bureauNotices.js';
import { REMINDER_QUEUE } from '../src/reminders/occurrence.js';
import { nextSequence } from '../src/store/counters.js';
import { streetList } from '../src/store/grids.js';
import { noticeOfEvent } from '../src/store/notices.js';

const SYNTAX = bi(
  '发送格式：/通知 [街道=JS,XQ] [级别=3] [行业=工业] 正文\n不写范围即发给全部网格群；多个值用逗号或顿号分隔；街道可写编号或名称，级别 1 区、2 街道、3 网格。',
  'Format: /notice [street=JS,XQ] [level=3] [industry=工业] TEXT\nNo option sends to every grid group; separate values with commas; streets by code or name; level 1 district, 2 street, 3 grid.',
);

/** Street codes for typed codes or names ("JS", "景山", "景山街道"); unknown ones are the user's to fix. */
async function resolveStreets(typed: string[]): Promise<string[]> {
  if (!typed.length) return [];
  const streets = await streetList();
  return typed.map((t) => {
    const hit = streets.find((s) => s.code.toLowerCase() === t.toLowerCase() || s.name.startsWith(t));
    if (!hit) {
      const known = streets.map((s) => `${s.code} ${s.name}`).join('、');
      throw new UserError(bi(`没有找到街道「${t}」。可用：${known}`, `No street "${t}". Streets: ${known}`));
    }
    return hit.code;
  });
}

async function checkIndustries(services: Services, typed: string[]): Promise<void> {
  if (!typed.length) return;
  const { grids } = await gridCensus(services);
  const known = [...new Set(grids.filter((g) => g.level === 3 && g.industry).map((g) => g.industry!))];
  const unknown = typed.filter((t) => !known.includes(t));
  if (unknown.length) throw new UserError(bi(`没有行业「${unknown.join('、')}」。可用：${known.join('、')}`, `Unknown industry ${unknown.join(', ')}. Industries: ${known.join(', ')}`));
}

export default defineCommand({
  name: 'notice',
  zh: ['通知'],
  params: ['...body'],
  args: z.object({ body: z.string().trim().min(1).max(4000) }),
  allow: 'bureauAdmin',
  changesState: true,
  help: bi('区统计局向全部或选定街道、级别、行业的网格群发通知（带“收到”按钮）', 'Bureau: send a notice to all grid groups, or to chosen streets, levels or industries (with a "Got it" button)'),
  usage: bi('[街道=JS,XQ] [级别=3] [行业=工业] 正文', '[street=JS,XQ] [level=3] [industry=工业] TEXT'),
  async run(ctx, { body }) {
    const options = parseNoticeOptions(body);
    if (!options) throw new UserError(SYNTAX);
    const streets = await resolveStreets(options.streets);
    await checkIndustries(ctx.services, options.industries);
    const target = { streets, levels: options.levels, industries: options.industries };
    const [grids, { bound }] = await Promise.all([targetGrids(ctx.services, target), gridCensus(ctx.services)]);
    const reached = bound.filter((g) => grids.has(g)).length;
    if (!reached) throw new UserError(bi('这个范围内没有已绑定群的网格，通知未发出。', 'No grid in this range has a bound group; nothing was sent.'));

    // Keyed by the event (unique): a re-run finds the notice it created and only re-queues its (idempotent) fan-out.
    const { name, _id } = ctx.member!;
    const draft = { ...target, text: options.text, createdAt: ctx.now, createdBy: _id.toString(), createdByName: name };
    const notice = await noticeOfEvent(ctx.eventKey, draft, async () => noticeCode(await nextSequence('notice')));
    await ctx.services
      .queue(REMINDER_QUEUE)
      .add('noticeFanOut', { code: notice.code }, { jobId: jobIdOf(`notice-fanout:${notice.code}`), attempts: 5, backoff: { type: 'exponential', delay: 2_000 } });
    ctx.auditDetail = `notice ${notice.code} to ${reached} grids`;
    return bi(
      `通知 ${notice.code} 正在发往 ${reached} 个网格的群。查看确认情况：/通知情况 ${notice.code}`,
      `Notice ${notice.code} is going out to the groups of ${reached} grids. Acknowledgements: /notices ${notice.code}`,
    );
  },
});
