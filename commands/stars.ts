import { z } from 'zod';
import { assessedPerson } from '../src/assessment/assessedPerson.js';
import { findRun, runsOf } from '../src/assessment/runs.js';
import { loadRules } from '../src/assessment/settings.js';
import { countsText, exportHint, looksLikeYear, passRateWarning, pendingTiesText, starMark, STATUS_NAMES, yuan } from '../src/assessment/texts.js';
import { summaryOf } from '../src/assessment/runSummary.js';
import { assessmentYearOf, pickTie, streetRefs } from '../src/assessment/workflow.js';
import { defineCommand } from '../src/core/command.js';
import { tokenize } from '../src/core/commandLine.js';
import type { CommandContext } from '../src/core/context.js';
import { UserError } from '../src/core/errors.js';
import { totalOf } from '../src/domain/assessmentResults.js';
import { keywordOf } from '../src/domain/keywords.js';
import { bi, lines, type Text } from '../src/i18n/text.js';
import { requireStreet } from '../src/core/streetScope.js';

const ADJUST = { 调整: 'adjust', 决定: 'adjust', adjust: 'adjust', pick: 'adjust' } as const;
const ADJUST_USAGE = bi('用法：/评星 调整 [年份] 姓名或手机号…（并列的人中先得星的，按名次列出）', 'Usage: /stars adjust [YEAR] NAME-OR-PHONE… (those of a tie to go first, in order)');

/** A street admin decides a tie at a star boundary: the named go first, in the order named. */
async function decideTie(ctx: CommandContext, text: string): Promise<Text> {
  const tokens = tokenize(text)?.tokens ?? [];
  const hasYear = looksLikeYear(tokens[0]);
  const year = await assessmentYearOf(ctx.now, hasYear ? tokens[0] : undefined);
  const who = hasYear ? tokens.slice(1) : tokens;
  if (!who.length || who.length > 50) throw new UserError(ADJUST_USAGE);
  const code = await requireStreet(ctx);
  const [street] = await streetRefs([code]);
  const run = await findRun(year, code);
  if (!run) throw new UserError(bi(`${street!.name}还没有试算 ${year} 年的考核，请先发送：/考核 试算`, `${street!.name} has no ${year} draft yet; send: /assess draft`));
  if (run.lastEvent === ctx.eventKey) return bi('已按街道的决定评星。', 'Stars allotted as the street decided.'); // a re-run after a crash
  const people = [];
  for (const w of who) people.push((await assessedPerson(run, street!, w)).person);
  const ids = people.map((p) => p._id.toString());
  if (new Set(ids).size !== ids.length) throw new UserError(bi('名单里有人重复了。', 'Someone is named twice.'));
  const { run: next, rows } = await pickTie({ run, street: street!, members: ids, eventKey: ctx.eventKey });
  ctx.auditDetail = `tie decided ${year} ${code}: ${people.map((p) => p.name).join(', ')}`;
  const placed = ids.map((m) => rows.find((r) => r.member === m)!).map((r) => `${r.name} ${starMark(r.stars)}`);
  const names = new Map(rows.map((r) => [r.member, r.name]));
  return lines(
    bi(`已按街道的决定评星：${placed.join('、')}。`, `Stars allotted as the street decided: ${placed.join(', ')}.`),
    countsText(summaryOf(next)),
    ...pendingTiesText(summaryOf(next), names),
  );
}

export default defineCommand({
  name: 'stars',
  zh: ['评星'],
  params: ['year', '...rest'],
  args: z.object({ year: z.string().max(10).optional(), rest: z.string().max(1000).optional() }),
  allow: 'streetAdmin',
  changesState: true,
  help: bi('区统计局查看各街道评星和奖励；街道决定并列名次：/评星 调整', 'Bureau: star ratings and rewards by street; a street decides a tie: /stars adjust'),
  usage: bi('[年份]｜调整 [年份] 姓名…', '[YEAR] | adjust [YEAR] NAME…'),
  async run(ctx, args) {
    if (args.year && keywordOf(ADJUST, args.year)) return decideTie(ctx, args.rest ?? '');
    if (ctx.role !== 'bureauAdmin') throw new UserError(bi('查看各街道评星限区统计局管理员；街道决定并列名次用：/评星 调整 姓名…', 'Only bureau admins see every street’s stars; a street decides a tie with: /stars adjust NAME…'));
    if (args.rest) throw new UserError(ADJUST_USAGE);
    const year = await assessmentYearOf(ctx.now, args.year);
    const [streets, runs, rules] = await Promise.all([streetRefs(), runsOf(year), loadRules()]);
    const runOf = new Map(runs.map((r) => [r.street, r]));
    const rows: Text[] = streets.map((s) => {
      const run = runOf.get(s.code);
      if (!run) return bi(`${s.name}【未试算】`, `${s.name} [not drafted]`);
      const status = STATUS_NAMES[run.status];
      const c = countsText(summaryOf(run));
      const warn = passRateWarning(summaryOf(run), rules.stars.passRate);
      return bi(`${s.name}【${status['zh-CN']}】${c['zh-CN']}${warn ? ` ${warn['zh-CN']}` : ''}`, `${s.name} [${status.en}] ${c.en}${warn ? ` ${warn.en}` : ''}`);
    });
    const confirmed = runs.filter((r) => r.status === 'confirmed');
    const total = countsText(totalOf(runs.map(summaryOf), rules.stars.passRate));
    const done = `${confirmed.length}/${streets.length}`;
    const confirmedRewards = yuan(totalOf(confirmed.map(summaryOf), rules.stars.passRate).rewardTotal);
    return lines(
      bi(`${year} 年考核评星（各街道）：`, `${year} star ratings by street:`),
      ...rows,
      bi(`全区：${total['zh-CN']}`, `District: ${total.en}`),
      bi(`已确认 ${done} 个街道，已确认的奖励合计 ${confirmedRewards} 元（区财政拨付）。`, `${done} streets confirmed; confirmed rewards ${confirmedRewards} yuan (paid by district finance).`),
      exportHint('assessment', year),
    );
  },
});
