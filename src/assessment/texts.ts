import type { StreetSummary } from '../domain/assessmentResults.js';
import { localDate, localYearMonth } from '../domain/chinaTime.js';
import { namesYear, parseWhen } from '../domain/when.js';
import type { Tally } from '../domain/scoring.js';
import { bi, lines, type Text } from '../i18n/text.js';
import { monthDay } from '../core/months.js';
import type { AssessmentStatus } from '../store/models/assessmentRun.js';
import { pageOf } from '../domain/problemFlow.js';
import { homeGrid } from '../store/models/assessmentResult.js';
import type { ResultRecord, ResultRow, RunRecord, StreetRef } from './runs.js';
import { rulesOf, summaryOf } from './runSummary.js';

export const STATUS_NAMES: Record<AssessmentStatus, Text> = {
  draft: bi('草稿', 'draft'),
  submitted: bi('已提交待确认', 'submitted, awaiting the bureau'),
  confirmed: bi('已确认', 'confirmed'),
};

/** "1,500". */
export const yuan = (n: number) => n.toLocaleString('en-US');
/** "91.7%", "20%". */
export const percent = (rate: number) => `${Number((rate * 100).toFixed(1))}%`;
const tally = (t: Tally) => (t.expected ? `${t.done}/${t.expected}` : '-');
export const starMark = (stars: number) => (stars ? '★'.repeat(stars) : '-');

export const looksLikeYear = (text: string | undefined) => text !== undefined && namesYear(text);

/** "参评 120 人，合格 110 人（91.7%）；★★★ 11 · ★★ 33 · ★ 66；奖励 154,500 元" */
export function countsText(s: StreetSummary): Text {
  const stars = `★★★ ${s.counts[3]} · ★★ ${s.counts[2]} · ★ ${s.counts[1]}`;
  return bi(
    `参评 ${s.assessed} 人，合格 ${s.passed} 人（${percent(s.passRate)}）；${stars}；奖励 ${yuan(s.rewardTotal)} 元`,
    `${s.assessed} assessed, ${s.passed} passed (${percent(s.passRate)}); ${stars}; rewards ${yuan(s.rewardTotal)} yuan`,
  );
}

export function passRateWarning(s: StreetSummary, floor: number): Text | undefined {
  if (!s.passRateWarning) return undefined;
  return bi(`⚠ 合格率 ${percent(s.passRate)} 低于 ${percent(floor)}，请复核。`, `⚠ The pass rate ${percent(s.passRate)} is below ${percent(floor)}; please review.`);
}

/** A street's run in two or three lines: status, counts, and the pass-rate warning. */
export function runText(streetName: string, run: RunRecord): Text {
  const s = summaryOf(run);
  const asOf = localDate(run.asOf);
  const head = bi(
    `${streetName} ${run.year} 年考核【${STATUS_NAMES[run.status]['zh-CN']}】（记录截至 ${monthDay(asOf)['zh-CN']}${run.adjusted ? `，街道调整 ${run.adjusted} 人` : ''}）`,
    `${streetName}, ${run.year} assessment [${STATUS_NAMES[run.status].en}] (records up to ${asOf}${run.adjusted ? `, ${run.adjusted} adjusted by the street` : ''})`,
  );
  const warning = passRateWarning(s, rulesOf(run).stars.passRate);
  const reason = run.confirmReason ? [bi(`区统计局确认理由：${run.confirmReason}`, `The bureau confirmed it because: ${run.confirmReason}`)] : [];
  return lines(head, countsText(s), ...(warning && !reason.length ? [warning] : []), ...reason);
}

/** Each tie the street has still to decide, named, with how to decide it. */
export function pendingTiesText(s: StreetSummary, names: Map<string, string>): Text[] {
  return (s.pendingTies ?? []).map((t) => {
    const who = t.members.map((m) => names.get(m) ?? m).join('、');
    const tier = t.tier === 3 ? '★★★' : '★★ 及以上';
    return bi(
      `⚖ 并列待街道决定：${who}（得分和各项记录都相同），其中 ${t.seats} 人得 ${tier}。请按名次列出：/评星 调整 姓名…`,
      `⚖ A tie for the street to decide: ${who} (equal score and records); ${t.seats} of them get ${t.tier === 3 ? '★★★' : '★★ or more'}. Name them in order: /stars adjust NAME…`,
    );
  });
}

/** One member's result: score and how it was made up, pass, stars, reward, and any adjustment. */
export function resultText(r: ResultRecord | ResultRow, gridNames: Map<string, string>): Text {
  const grids = r.grids.map((g) => gridNames.get(g) ?? g).join('、');
  const verdict = r.passed
    ? bi(`合格，${starMark(r.stars)} ${r.stars} 星，奖励 ${yuan(r.reward)} 元`, `passed, ${starMark(r.stars)} ${r.stars} star(s), reward ${yuan(r.reward)} yuan`)
    : bi('不合格', 'not passed');
  const parts = bi(
    `出勤 ${tally(r.attendance)}，报表按时 ${tally(r.returns)}，通知确认 ${tally(r.notices)}${r.leads.length ? `，月报按时 ${tally(r.reports)}` : ''}`,
    `attendance ${tally(r.attendance)}, returns on time ${tally(r.returns)}, notices acknowledged ${tally(r.notices)}${r.leads.length ? `, monthly reports on time ${tally(r.reports)}` : ''}`,
  );
  const adjusted = r.adjustment
    ? [bi(`街道调整：${r.computedScore} → ${r.score}，理由：${r.adjustment.reason}`, `Adjusted by the street: ${r.computedScore} → ${r.score}, reason: ${r.adjustment.reason}`)]
    : [];
  return lines(
    bi(`${r.name}（${grids}）得分 ${r.score}：${verdict['zh-CN']}`, `${r.name} (${grids}) scored ${r.score}: ${verdict.en}`),
    bi(`（${parts['zh-CN']}）`, `(${parts.en})`),
    ...adjusted,
  );
}

/** "姓名 86.5 ★★" lines, best first. */
export function rosterLines(rows: Array<ResultRecord | ResultRow>): string[] {
  return [...rows]
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'zh-CN'))
    .map((r) => `${r.name} ${r.score} ${r.passed ? starMark(r.stars) : '✗'}${r.adjustment ? ' *' : ''}`);
}

const RESULTS_PER_PAGE = 20;

/** One page of a street's whole result list, by grid then name (as the export orders it). */
export function resultPage(street: StreetRef, run: RunRecord, rows: ResultRecord[], typedPage: number): Text {
  const sorted = [...rows].sort((a, b) => homeGridOf(a).localeCompare(homeGridOf(b)) || a.name.localeCompare(b.name, 'zh-CN'));
  const { page, pages, skip } = pageOf(sorted.length, typedPage, RESULTS_PER_PAGE);
  const list = sorted.slice(skip, skip + RESULTS_PER_PAGE).map((r) => `${homeGridOf(r)} ${r.name} ${r.score} ${r.passed ? starMark(r.stars) : '✗'}${r.adjustment ? ' *' : ''}`);
  const next = page < pages ? [bi(`下一页：/考核 名单 ${run.year} ${page + 1}`, `Next page: /assess list ${run.year} ${page + 1}`)] : [];
  return lines(
    bi(`${street.name} ${run.year} 年考核名单（第 ${page}/${pages} 页，共 ${rows.length} 人；✗ 不合格，* 街道调整）：`, `${street.name}, ${run.year} results (page ${page}/${pages}, ${rows.length} people; ✗ not passed, * adjusted):`),
    ...list,
    ...next,
  );
}

const homeGridOf = (r: ResultRecord) => homeGrid(r.street, r.grids);

/** Where the whole table comes from: chat platforms cannot take files from our adapters. */
const EXPORT_WORD = { assessment: '考核', budget: '经费', attendance: '考勤' } as const;

/** Where the full table comes from: /导出 puts the workbook into the chat. */
export const exportHint = (kind: 'assessment' | 'budget' | 'attendance', year: number) =>
  bi(`完整表格（Excel）：发送 /导出 ${EXPORT_WORD[kind]} ${year}`, `The full table (Excel): send /export ${kind} ${year}`);

/** The admin export that writes a table on the server. */
export const exportCommandLine = (kind: 'assessment' | 'budget' | 'attendance' | 'reports', year: number, street?: string) =>
  `npm run admin -- export ${kind} --year ${year}${street ? ` --street ${street}` : ''}`;
