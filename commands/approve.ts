import { z } from 'zod';
import { tellGroups } from '../src/assessment/notify.js';
import { findRun, runsOf } from '../src/assessment/runs.js';
import { looksLikeYear, runText } from '../src/assessment/texts.js';
import { assessmentYearOf, confirmRun, streetByCodeOrName, streetRefs } from '../src/assessment/workflow.js';
import { defineCommand } from '../src/core/command.js';
import { tokenize } from '../src/core/commandLine.js';
import { UserError } from '../src/core/errors.js';
import { keywordOf } from '../src/domain/keywords.js';
import { bi, lines } from '../src/i18n/text.js';

const CONFIRM = { 确认: true, confirm: true } as const;
const USAGE = bi(
  '用法：/考核确认 [街道] [年份]；合格率偏低时：/考核确认 街道 [年份] 确认 理由（理由至少两个字）',
  'Usage: /approve [STREET] [YEAR]; below the pass rate: /approve STREET [YEAR] confirm REASON (a reason of two characters or more)',
);

export default defineCommand({
  name: 'approve',
  zh: ['考核确认'],
  params: ['street', '...rest'],
  args: z.object({ street: z.string().max(40).optional(), rest: z.string().max(500).optional() }),
  allow: 'bureauAdmin',
  changesState: true,
  help: bi('区统计局确认街道提交的考核结果（确认后锁定，不能再改）', "Bureau: confirm a street's submitted assessment (then locked for good)"),
  usage: bi('街道 [年份] [确认 理由]', 'STREET [YEAR] [confirm REASON]'),
  async run(ctx, args) {
    // "/考核确认 2026" lists a year's submissions; "/考核确认 JS [2026] [确认 理由]" confirms a street.
    const streetIsYear = looksLikeYear(args.street);
    const split = tokenize(args.rest ?? '') ?? { tokens: [], rest: [] };
    const hasYear = !streetIsYear && looksLikeYear(split.tokens[0]);
    const year = await assessmentYearOf(ctx.now, streetIsYear ? args.street : hasYear ? split.tokens[0] : undefined);
    const step = split.tokens[hasYear ? 1 : 0];
    const reason = step === undefined ? undefined : keywordOf(CONFIRM, step) ? split.rest[hasYear ? 2 : 1]?.trim() ?? '' : null;
    if (reason === null || (reason !== undefined && reason.length < 2) || (streetIsYear && split.tokens.length)) throw new UserError(USAGE);
    if (!args.street || streetIsYear) {
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
    const confirmed = await confirmRun(run, street, { id: ctx.member!._id.toString(), name: ctx.member!.name }, ctx.now, ctx.eventKey, reason);
    ctx.auditDetail = `confirmed ${year} ${street.code} at revision ${confirmed.revision}${confirmed.confirmReason ? `; below the pass rate because: ${confirmed.confirmReason}` : ''}`;
    await tellGroups(ctx, [street.code], bi(
      `【考核已确认】区统计局已确认${street.name} ${year} 年考核结果，结果已锁定。网格员可发送 /考核结果 查看本人结果。`,
      `Assessment confirmed: the bureau confirmed ${street.name}'s ${year} results; they are now locked. Members can send /result to see their own.`,
    ));
    return lines(bi(`已确认${street.name} ${year} 年考核结果，结果已锁定，不能再修改。`, `Confirmed ${street.name}'s ${year} results; they are locked and can no longer be changed.`), runText(street.name, confirmed));
  },
});
