import { monthDay, monthName } from '../core/months.js';
import { localDate } from '../domain/chinaTime.js';
import { formatProblemNo } from '../domain/problemFlow.js';
import { bi, lines, type Text } from '../i18n/text.js';
import type { RaisedProblem } from '../problems/list.js';
import { STATUS_NAMES } from '../problems/texts.js';
import type { MonthlyReport } from '../store/models/monthlyReport.js';

export const HEARD_BUTTON = bi('已听取', 'Heard');

/** The command a [已听取] press runs: the grid and month name the report. */
export const hearCommand = (grid: string, period: string) => `/听取 ${grid} ${period}`;

/** "反映问题 2 个：Q-0003（待答复）、Q-0005（已解决）" or "本月网格内未反映问题". */
export function problemsText(problems: RaisedProblem[]): Text {
  if (!problems.length) return bi('本月网格内未反映问题', 'no problems raised in the grid this month');
  const zh = problems.map((p) => `${formatProblemNo(p.number)}（${STATUS_NAMES[p.status]['zh-CN']}）`).join('、');
  const en = problems.map((p) => `${formatProblemNo(p.number)} (${STATUS_NAMES[p.status].en})`).join(', ');
  return bi(`反映问题 ${problems.length} 个：${zh}`, `${problems.length} problem(s) raised: ${en}`);
}

/** "已听取（景山主任 11月21日）" or "未听取". */
export function hearingText(report: Pick<MonthlyReport, 'heardAt' | 'heardByName'>): Text {
  if (!report.heardAt) return bi('未听取', 'not heard');
  const day = localDate(report.heardAt);
  return bi(`已听取（${report.heardByName ?? ''} ${monthDay(day)['zh-CN']}）`, `heard (${report.heardByName ?? ''} ${day})`);
}

/** The report as the street receives it, to hear with one press. */
export function reportCardText(grid: { code: string; name: string }, report: Pick<MonthlyReport, 'period' | 'text' | 'submittedByName'>, problems: RaisedProblem[], revised: boolean): Text {
  const month = monthName(report.period);
  const by = report.submittedByName ?? '';
  return lines(
    bi(`【${revised ? '月报更新' : '月度汇报'}】${grid.name}（${grid.code}）${month['zh-CN']}，网格长 ${by}：`, `${revised ? 'Updated report' : 'Monthly report'}: ${grid.name} (${grid.code}), ${month.en}, by ${by}:`),
    report.text,
    problemsText(problems),
    bi('听取后请按 [已听取]。', 'Press [Heard] once you have heard it.'),
  );
}

export const reportCardTitle = (grid: { name: string }) => bi(`${grid.name}月度汇报`, `${grid.name}: monthly report`);

export const HEARING = {
  recorded: (grid: { code: string; name: string }, period: string) =>
    bi(`已记录：您已听取${grid.name}（${grid.code}）${monthName(period)['zh-CN']}的月度汇报。`, `Recorded: you heard the ${monthName(period).en} report of ${grid.name} (${grid.code}).`),
  already: (grid: { code: string; name: string }, period: string, report: Pick<MonthlyReport, 'heardAt' | 'heardByName'>) =>
    bi(`${grid.name}${monthName(period)['zh-CN']}的月度汇报${hearingText(report)['zh-CN']}，无需重复。`, `The ${monthName(period).en} report of ${grid.name} was already ${hearingText(report).en}.`),
  noReport: (grid: { code: string; name: string }, period: string) =>
    bi(`${grid.name}（${grid.code}）还没有提交${monthName(period)['zh-CN']}的月度汇报，无法听取。`, `${grid.name} (${grid.code}) has not reported for ${monthName(period).en}; there is nothing to hear.`),
  notLevel3: (typed: string) => bi(`「${typed}」不是三级网格的编号，请写成 JS-01 这样的网格编号。`, `"${typed}" is not a level-3 grid code; write one like JS-01.`),
  notYourStreet: (grid: { name: string }) =>
    bi(`${grid.name}不属于您管理的街道，只有所在街道的网格长、副网格长可以听取。`, `${grid.name} is not in your street; only its street's leader or deputy may hear its report.`),
  unheard: (period: string, grids: string[]) =>
    bi(`【月报待听取】${monthName(period)['zh-CN']}以下 ${grids.length} 个网格的月度汇报尚未听取：\n${grids.join('\n')}\n听取后请在汇报消息上按 [已听取]，或发送：/听取 网格编号 月份`,
      `Reports waiting to be heard: ${grids.length} ${period} report(s) not heard yet:\n${grids.join('\n')}\nPress [Heard] on the report, or send: /hear GRID MONTH`),
};
