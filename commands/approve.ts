import { z } from 'zod';
import { tellGroups } from '../src/assessment/notify.js';
import { findRun, runsOf } from '../src/assessment/runs.js';
import { runText, yearArg } from '../src/assessment/texts.js';
import { confirmRun, streetByCodeOrName, streetRefs } from '../src/assessment/workflow.js';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { bi, lines } from '../src/i18n/text.js';

export default defineCommand({
  name: 'approve',
  zh: ['考核确认'],
  params: ['street', 'year'],
  args: z.object({ street: z.string().max(40).optional(), year: z.string().max(10).optional() }),
  allow: 'bureauAdmin',
  changesState: true,
  help: bi('区统计局确认街道提交的考核结果（确认后锁定，不能再改）', "Bureau: confirm a street's submitted assessment (then locked for good)"),
  usage: bi('街道 [年份]', 'STREET [YEAR]'),
  async run(ctx, args) {
    const year = yearArg(args.year, ctx.now);
    if (!args.street) {
      const waiting = (await runsOf(year)).filter((r) => r.status === 'submitted').map((r) => r.street);
      const names = (await streetRefs(waiting)).map((s) => `${s.code} ${s.name}`);
      ctx.auditDetail = `listed ${year} submissions`;
      return names.length
        ? bi(`${year} 年待确认的街道：${names.join('、')}。确认：/考核确认 街道编号`, `Streets awaiting confirmation for ${year}: ${names.join(', ')}. Confirm: /approve STREET`)
        : bi(`${year} 年暂无待确认的街道考核结果。`, `No street is awaiting confirmation for ${year}.`);
    }
    const street = await streetByCodeOrName(args.street);
    const run = await findRun(year, street.code);
    if (!run) throw new UserError(bi(`${street.name}还没有 ${year} 年的考核结果。`, `${street.name} has no ${year} results yet.`));
    if (run.lastEvent === ctx.eventKey) return runText(street.name, run); // a re-run after a crash: done already
    const confirmed = await confirmRun(run, street, { id: ctx.member!._id.toString(), name: ctx.member!.name }, ctx.now, ctx.eventKey);
    ctx.auditDetail = `confirmed ${year} ${street.code} at revision ${confirmed.revision}`;
    await tellGroups(ctx, [street.code], bi(
      `【考核已确认】区统计局已确认${street.name} ${year} 年考核结果，结果已锁定。网格员可发送 /考核结果 查看本人结果。`,
      `Assessment confirmed: the bureau confirmed ${street.name}'s ${year} results; they are now locked. Members can send /result to see their own.`,
    ));
    return lines(bi(`已确认${street.name} ${year} 年考核结果，结果已锁定，不能再修改。`, `Confirmed ${street.name}'s ${year} results; they are locked and can no longer be changed.`), runText(street.name, confirmed));
  },
});
