import { z } from 'zod';
import { tellGroups } from '../src/assessment/notify.js';
import { assessedPerson } from '../src/assessment/assessedPerson.js';
import { assertOpen, findRun, resultsOf, type RunRecord, type StreetRef } from '../src/assessment/runs.js';
import { districtCode } from '../src/assessment/settings.js';
import { looksLikeYear, pendingTiesText, resultPage, resultText, runText } from '../src/assessment/texts.js';
import { summaryOf } from '../src/assessment/runSummary.js';
import { adjustResult, assessmentYearOf, draftAssessments, streetRefs, submitRun } from '../src/assessment/workflow.js';
import { defineCommand } from '../src/core/command.js';
import { tokenize } from '../src/core/commandLine.js';
import type { CommandContext } from '../src/core/context.js';
import { UserError } from '../src/core/errors.js';
import { parseScore } from '../src/domain/assessmentResults.js';
import { bi, lines, type Text } from '../src/i18n/text.js';
import { streetInScope } from '../src/core/streetScope.js';
import { gridNames } from '../src/store/grids.js';
import { keywordOf } from '../src/domain/keywords.js';

type Action = 'status' | 'draft' | 'adjust' | 'submit' | 'list';
const ACTIONS: Record<string, Action> = {
  情况: 'status', status: 'status',
  名单: 'list', list: 'list',
  试算: 'draft', 计算: 'draft', draft: 'draft',
  调整: 'adjust', adjust: 'adjust',
  提交: 'submit', submit: 'submit',
};
const USAGE = bi(
  '用法：/考核 试算 [年份]｜/考核 调整 [年份] 姓名或手机号 分数 理由｜/考核 提交 [年份]｜/考核 名单 [年份] [页码]｜/考核 [年份]（查看）',
  'Usage: /assess draft [YEAR] | /assess adjust [YEAR] NAME-OR-PHONE SCORE REASON | /assess submit [YEAR] | /assess list [YEAR] [PAGE] | /assess [YEAR] (status)',
);
const NEXT: Record<RunRecord['status'], Text> = {
  draft: bi('调整：/考核 调整 姓名 分数 理由；提交区统计局：/考核 提交', 'Adjust: /assess adjust NAME SCORE REASON; submit to the bureau: /assess submit'),
  submitted: bi('等待区统计局确认。重新试算或调整会撤回提交。', 'Awaiting the bureau. Drafting again or adjusting takes the submission back.'),
  confirmed: bi('结果已经区统计局确认并锁定。', 'Confirmed by the bureau and locked.'),
};
const FAILED_SHOWN = 10;
/** A page number as typed ("2"); undefined for anything else. */
const parsePage = (t: string) => (/^\d{1,4}$/.test(t) && Number(t) > 0 ? Number(t) : undefined);
const noRun = (street: StreetRef, year: number) =>
  new UserError(bi(`${street.name}还没有试算 ${year} 年的考核，请先发送：/考核 试算`, `${street.name} has no ${year} draft yet; send: /assess draft`));

async function statusText(street: StreetRef, run: RunRecord): Promise<Text> {
  const summary = summaryOf(run);
  const failed = summary.assessed - summary.passed;
  const rows = failed || summary.pendingTies?.length ? await resultsOf(run) : [];
  const names = rows
    .filter((r) => !r.passed)
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name, 'zh-CN'))
    .slice(0, FAILED_SHOWN)
    .map((r) => `${r.name} ${r.score}`);
  const more = failed > names.length ? `…（共 ${failed} 人，全部名单：/考核 名单）` : '';
  const moreEn = failed > names.length ? `… (${failed} in all; the whole list: /assess list)` : '';
  return lines(
    runText(street.name, run),
    ...(names.length ? [bi(`不合格：${names.join('、')}${more}`, `Not passed: ${names.join(', ')}${moreEn}`)] : []),
    ...pendingTiesText(summary, new Map(rows.map((r) => [r.member, r.name]))),
    NEXT[run.status],
  );
}

async function adjust(ctx: CommandContext, street: StreetRef, year: number, run: RunRecord | undefined, tokens: string[], rest: string[]): Promise<Text> {
  const [who, scoreText] = tokens;
  if (!who || !scoreText) throw new UserError(USAGE);
  const score = parseScore(scoreText);
  if (score === undefined) throw new UserError(bi(`分数「${scoreText}」不对，请写 0–100 的数，最多一位小数。`, `The score "${scoreText}" is wrong; write a number from 0 to 100, at most one decimal.`));
  const reason = rest[2]?.trim() ?? '';
  if (reason.length < 2) {
    throw new UserError(bi(`调整考核结果必须写明理由，例如：/考核 调整 ${who} ${scoreText} 年中调入，上半年记录在原街道`, `An adjustment needs a written reason, e.g. /assess adjust ${who} ${scoreText} joined mid-year from another street`));
  }
  if (!run) throw noRun(street, year);
  assertOpen(run, year, street);
  const { person } = await assessedPerson(run, street, who);
  const by = { id: ctx.member!._id.toString(), name: ctx.member!.name };
  const { run: next, before, after } = await adjustResult({ run, street, member: person._id.toString(), score, reason, by, at: ctx.now, eventKey: ctx.eventKey });
  ctx.auditDetail = `adjusted ${year} ${street.code} ${person.name} (${person._id.toString()}): ${before.score} -> ${score}; reason: ${reason}`;
  const names = await gridNames(after.grids);
  const withdrawn = run.status === 'submitted' ? [bi('原提交已撤回，复核后请重新提交：/考核 提交', 'The submission was taken back; submit again when ready: /assess submit')] : [];
  return lines(
    bi(`已调整${person.name}的 ${year} 年考核得分：${before.score} → ${score}。`, `Adjusted ${person.name}'s ${year} score: ${before.score} → ${score}.`),
    resultText(after, names),
    runText(street.name, next),
    ...withdrawn,
  );
}

export default defineCommand({
  name: 'assess',
  zh: ['考核'],
  params: ['action', '...rest'],
  args: z.object({ action: z.string().max(20).optional(), rest: z.string().max(1000).optional() }),
  allow: 'streetAdmin',
  changesState: true,
  help: bi('街道年度考核：试算、调整（须写理由）、提交区统计局确认', 'Street: the annual assessment — draft, adjust (with a reason), submit to the bureau'),
  usage: bi('[试算|调整|提交] [年份] …', '[draft|adjust|submit] [YEAR] …'),
  async run(ctx, args) {
    // "/考核 2025" looks at a year; otherwise the first word is the action.
    const yearFirst = looksLikeYear(args.action);
    const action = !args.action || yearFirst ? 'status' : keywordOf(ACTIONS, args.action);
    if (!action) throw new UserError(USAGE);
    const split = tokenize([yearFirst ? args.action : '', args.rest ?? ''].join(' ')) ?? { tokens: [], rest: [] };
    const hasYear = looksLikeYear(split.tokens[0]);
    const year = await assessmentYearOf(ctx.now, hasYear ? split.tokens[0] : undefined);
    const tokens = hasYear ? split.tokens.slice(1) : split.tokens;
    const rest = hasYear ? split.rest.slice(1) : split.rest;
    const page = action === 'list' && tokens.length === 1 ? parsePage(tokens[0]!) : undefined;
    if (action !== 'adjust' && tokens.length && !page) throw new UserError(USAGE);

    const code = await streetInScope(ctx);
    if (!code) throw new UserError(bi('请在街道的群里发送 /考核。区统计局确认街道结果用：/考核确认 街道', 'Send /assess in a street’s group. The bureau confirms a street with: /approve STREET'));
    const [street] = await streetRefs([code]);
    const run = await findRun(year, code);
    if (run && run.lastEvent === ctx.eventKey) return statusText(street!, run); // a re-run after a crash: done already

    if (action === 'status') {
      if (!run) throw noRun(street!, year);
      ctx.auditDetail = `viewed ${year} ${code}`;
      return statusText(street!, run);
    }
    if (action === 'adjust') return adjust(ctx, street!, year, run, tokens, rest);
    if (action === 'list') {
      if (!run) throw noRun(street!, year);
      ctx.auditDetail = `listed ${year} ${code} results`;
      return resultPage(street!, run, await resultsOf(run), page ?? 1);
    }
    const by = { id: ctx.member!._id.toString(), name: ctx.member!.name };
    if (action === 'draft') {
      assertOpen(run, year, street!);
      const { outcomes, kept } = await draftAssessments({ year, streets: [code], now: ctx.now, by, eventKey: ctx.eventKey });
      const outcome = outcomes[0]!;
      if (!outcome.ok) throw outcome.error;
      const s = summaryOf(outcome.run);
      ctx.auditDetail = `drafted ${year} ${code}: ${s.assessed} assessed, ${s.passed} passed`;
      const keptLine = kept.get(code) ? [bi(`保留了街道此前的 ${kept.get(code)} 条调整。`, `Kept the street's ${kept.get(code)} earlier adjustment(s).`)] : [];
      const withdrawn = run?.status === 'submitted' ? [bi('原提交已撤回。', 'The earlier submission was taken back.')] : [];
      return lines(await statusText(street!, outcome.run), ...keptLine, ...withdrawn);
    }
    if (!run) throw noRun(street!, year);
    const submitted = await submitRun(run, street!, by, ctx.now, ctx.eventKey);
    ctx.auditDetail = `submitted ${year} ${code}`;
    const district = await districtCode();
    const s = summaryOf(submitted);
    if (district) {
      await tellGroups(ctx, [district], bi(
        `【考核待确认】${street!.name}已提交 ${year} 年考核结果：参评 ${s.assessed} 人，合格 ${s.passed} 人。确认：/考核确认 ${code} ${year}`,
        `Assessment to confirm: ${street!.name} submitted its ${year} results (${s.assessed} assessed, ${s.passed} passed). Confirm: /approve ${code} ${year}`,
      ));
    }
    return lines(bi('已提交区统计局确认。', 'Submitted to the bureau.'), await statusText(street!, submitted));
  },
});
