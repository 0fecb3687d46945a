import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { bi } from '../src/i18n/text.js';
import { jobIdOf } from '../src/queue/jobIds.js';
import { REMINDER_QUEUE } from '../src/reminders/occurrence.js';
import { resolveRun } from '../src/reminders/runNow.js';

const ALL = ['全部', 'all'];

export default defineCommand({
  name: 'runjob',
  zh: ['运行提醒'],
  params: ['kind', 'street', 'ref'],
  args: z.object({ kind: z.string().max(30), street: z.string().max(20).optional(), ref: z.string().max(20).optional() }),
  allow: 'bureauAdmin',
  changesState: true,
  help: bi('立即运行一种提醒（演示用，不等日历；名称写错会列出全部）', 'Run a reminder now, without waiting for the calendar (for demos; a wrong name lists them)'),
  usage: bi('提醒名称 [街道编号|全部] [月份|季度|通知编号|活动编号]', 'REMINDER [STREET|all] [MONTH|QUARTER|NOTICE|ACTIVITY]'),
  async run(ctx, { kind, street, ref }) {
    const scope = street && ALL.includes(street.toLowerCase()) ? undefined : (street ?? ctx.grid?.street ?? undefined);
    const { kind: found, occurrences } = await resolveRun({ kind, street: scope, ref }, ctx.now);
    await ctx.services.queue(REMINDER_QUEUE).add(
      'runReminder',
      { kind: found.name, occurrences, runKey: ctx.eventKey },
      { jobId: jobIdOf(`run:${ctx.eventKey}`) },
    );
    const ids = occurrences.map((o) => o.id).join(', ');
    ctx.auditDetail = `ran ${ids}`;
    // The ids name the kind in English; the Chinese reply names it once and lists what each is for.
    const targets = occurrences.map((o) => o.id.split(':').slice(1).join(' ')).join('、');
    return bi(`已立即运行「${found.zh}」：${targets}。`, `Running "${found.name}" now: ${ids}.`);
  },
});
