import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { localDate } from '../src/domain/chinaTime.js';
import { periodOf } from '../src/domain/reminderSchedule.js';
import { bi, lines, type Text } from '../src/i18n/text.js';
import { monthArg, monthDay, monthName } from '../src/core/months.js';
import { reportStatus, type GridReport } from '../src/reminders/monthlyReport.js';
import { streetInScope } from '../src/core/streetScope.js';
import { streetSettings } from '../src/reminders/settings.js';
import { hearingText, problemsText } from '../src/hearing/texts.js';
import { problemsRaisedIn, type RaisedProblem } from '../src/problems/list.js';

const STATE: Record<GridReport['state'], Text> = {
  onTime: bi('按时', 'on time'),
  late: bi('逾期', 'late'),
  missing: bi('未交', 'missing'),
};
const EXCERPT = 120;

const counts = (grids: GridReport[]) => {
  const n = (s: GridReport['state']) => grids.filter((g) => g.state === s).length;
  return bi(`按时 ${n('onTime')} · 逾期 ${n('late')} · 未交 ${n('missing')}`, `on time ${n('onTime')} · late ${n('late')} · missing ${n('missing')}`);
};

function gridLine({ grid, report, state }: GridReport, problems: RaisedProblem[]): Text {
  const head = `【${STATE[state]['zh-CN']}】${grid.code} ${grid.name}`;
  const headEn = `[${STATE[state].en}] ${grid.code} ${grid.name}`;
  if (!report) return problems.length ? bi(`${head} · ${problemsText(problems)['zh-CN']}`, `${headEn} · ${problemsText(problems).en}`) : bi(head, headEn);
  const text = report.text.length > EXCERPT ? `${report.text.slice(0, EXCERPT)}…` : report.text;
  const day = localDate(report.submittedAt);
  const by = report.submittedByName ?? '';
  const heard = hearingText(report);
  const raised = problemsText(problems);
  return bi(
    `${head} · ${heard['zh-CN']} · ${by} ${monthDay(day)['zh-CN']}：${text}（${raised['zh-CN']}）`,
    `${headEn} · ${heard.en} · ${by} ${day}: ${text} (${raised.en})`,
  );
}

export default defineCommand({
  name: 'reports',
  zh: ['月报情况'],
  params: ['month'],
  args: z.object({ month: z.string().max(20).optional() }),
  allow: 'streetAdmin',
  help: bi('街道查看各网格本月月报：按时、逾期、未交、是否听取、反映的问题及内容', "Street admin: this month's reports by grid — on time, late, missing, heard, problems raised, with texts"),
  usage: bi('[月份]', '[MONTH]'),
  async run(ctx, { month }) {
    const period = month ? monthArg(month, ctx.now) : periodOf(ctx.now);
    const street = await streetInScope(ctx);
    const m = monthName(period);
    if (!street) {
      const rows: Text[] = [];
      for (const s of await streetSettings()) {
        const { grids } = await reportStatus(s.code, period);
        const c = counts(grids);
        rows.push(bi(`${s.name}：${c['zh-CN']}`, `${s.name}: ${c.en}`));
      }
      return lines(bi(`各街道${m['zh-CN']}月度汇报`, `Monthly reports for ${m.en} by street`), ...rows);
    }
    const name = (await streetSettings([street]))[0]?.name ?? street;
    const { schedule, grids } = await reportStatus(street, period);
    const problems = await problemsRaisedIn(grids.map((g) => g.grid.code), period);
    const heard = grids.filter((g) => g.report?.heardAt).length;
    return lines(
      bi(`${name} ${m['zh-CN']}月度汇报（截止 ${monthDay(schedule.due)['zh-CN']}）`, `${name}: reports for ${m.en} (due ${schedule.due})`),
      bi(`${counts(grids)['zh-CN']} · 已听取 ${heard}`, `${counts(grids).en} · heard ${heard}`),
      ...grids.map((g) => gridLine(g, problems.get(g.grid.code)!)),
    );
  },
});
