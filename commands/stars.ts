import { z } from 'zod';
import { runsOf } from '../src/assessment/runs.js';
import { loadRules } from '../src/assessment/settings.js';
import { countsText, exportHint, passRateWarning, STATUS_NAMES, yearArg, yuan } from '../src/assessment/texts.js';
import { streetRefs, summaryOf } from '../src/assessment/workflow.js';
import { defineCommand } from '../src/core/command.js';
import { totalOf } from '../src/domain/assessmentResults.js';
import { bi, lines, type Text } from '../src/i18n/text.js';

export default defineCommand({
  name: 'stars',
  zh: ['评星'],
  params: ['year'],
  args: z.object({ year: z.string().max(10).optional() }),
  allow: 'bureauAdmin',
  help: bi('区统计局查看各街道考核评星和奖励合计', 'Bureau: star ratings and reward totals by street'),
  usage: bi('[年份]', '[YEAR]'),
  async run(ctx, args) {
    const year = yearArg(args.year, ctx.now);
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
