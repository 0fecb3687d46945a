import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { formatWhen } from '../src/domain/when.js';
import { bi, lines, type Text } from '../src/i18n/text.js';
import { ackStats, parseNoticeCode, rate } from '../src/reminders/bureauNotices.js';
import { streetInScope } from '../src/core/streetScope.js';
import { gridNames } from '../src/store/grids.js';
import { latestNotices, noticeByCode } from '../src/store/notices.js';

const LATEST = 5;
const excerpt = (text: string) => (text.length > 24 ? `${text.slice(0, 24)}…` : text);

export default defineCommand({
  name: 'notices',
  zh: ['通知情况'],
  params: ['code'],
  args: z.object({ code: z.string().max(12).optional() }),
  allow: 'streetAdmin',
  help: bi('查看通知的确认情况（按街道、网格）', 'Acknowledgement rates of notices, by street and grid'),
  usage: bi('[通知编号]', '[NOTICE]'),
  async run(ctx, { code }) {
    const street = await streetInScope(ctx);
    if (!code) {
      const recent = await latestNotices(LATEST);
      if (!recent.length) return bi('还没有发过通知。', 'No notices yet.');
      const rows: Text[] = [];
      for (const n of recent) {
        const { total } = await ackStats(ctx.services, n, street);
        rows.push(bi(`${n.code} ${formatWhen(n.createdAt, ctx.now)}「${excerpt(n.text)}」已确认 ${rate(total)}`, `${n.code} ${formatWhen(n.createdAt, ctx.now)} "${excerpt(n.text)}" acknowledged ${rate(total)}`));
      }
      return lines(bi('最近的通知（详情：/通知情况 编号）', 'Latest notices (details: /notices CODE)'), ...rows);
    }
    const wanted = parseNoticeCode(code);
    const notice = wanted ? await noticeByCode(wanted) : undefined;
    if (!notice) throw new UserError(bi(`没有通知「${code}」。`, `There is no notice "${code}".`));
    const stats = await ackStats(ctx.services, notice, street);
    const head = bi(`${notice.code}「${excerpt(notice.text)}」发往 ${notice.groups ?? 0} 个群，已确认 ${rate(stats.total)}`,
      `${notice.code} "${excerpt(notice.text)}" went to ${notice.groups ?? 0} groups; acknowledged ${rate(stats.total)}`);
    if (!street) {
      const names = await gridNames([...stats.byStreet.keys()]);
      const rows = [...stats.byStreet].sort(([a], [b]) => a.localeCompare(b)).map(([s, c]) => `${names.get(s) ?? ctx.t(bi('区级', 'district'))}：${rate(c)}`);
      return lines(head, bi('按街道：', 'By street:'), ...rows, bi('各网格明细请在街道群里查看。', "Per grid: ask in the street's group."));
    }
    const rows = [...stats.byGrid].sort(([a], [b]) => a.localeCompare(b)).map(([g, c]) => `${g} ${c.name}：${rate(c)}`);
    return lines(head, bi('按网格：', 'By grid:'), ...rows);
  },
});
