import { z } from 'zod';
import { activityHere, assertInGrid, nextActivityHere } from '../src/activities/lookup.js';
import { activityLabel, activityNo } from '../src/activities/texts.js';
import { touchLiveCards } from '../src/cards/liveCards.js';
import { liveSubject } from '../src/cards/liveSubject.js';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { parseActivityNo } from '../src/domain/activity.js';
import { leaveOpen } from '../src/domain/attendanceWindow.js';
import { formatWhen } from '../src/domain/when.js';
import { bi } from '../src/i18n/text.js';
import { attendanceOf, recordAttendance } from '../src/store/attendance.js';

export default defineCommand({
  name: 'leave',
  zh: ['请假'],
  params: ['...text'],
  args: z.object({ text: z.string().trim().min(1).max(300) }),
  allow: 'member',
  needsGrid: true,
  changesState: true,
  help: bi('活动开始前请假（不写编号即下一个活动）', 'Ask for leave before an activity starts (without a number: the next one)'),
  usage: bi('[活动编号] 原因', '[ACTIVITY] REASON'),
  async run(ctx, { text }) {
    const grid = ctx.grid!;
    const member = ctx.member!;
    assertInGrid(member, grid);
    const [first = '', ...rest] = text.split(/\s+/);
    const typed = parseActivityNo(first, true) ? first : undefined;
    const reason = (typed ? rest.join(' ') : text).trim();
    if (!reason) throw new UserError(bi('请写上请假原因，例如：/请假 A-0012 出差', 'Please give a reason, e.g. /leave A-0012 away on business'));
    const activity = typed ? await activityHere(typed, grid, true) : await nextActivityHere(grid, ctx.now);
    const no = activityNo(activity.number);
    if (!leaveOpen(activity.startsAt, ctx.now)) {
      throw new UserError(bi(`${no} 已于 ${formatWhen(activity.startsAt, ctx.now)} 开始，不能再请假。`, `${no} started at ${formatWhen(activity.startsAt, ctx.now)}; it is too late to ask for leave.`));
    }
    const before = await attendanceOf(activity.number, member._id.toString());
    const checkedIn = new UserError(bi(`您已签到 ${no}，不用请假。`, `You have checked in to ${no}; no leave is needed.`));
    if (before?.status === 'present') throw checkedIn;
    // A check-in that came in meanwhile stays: presence is not taken back.
    if ((await recordAttendance(activity, member, { status: 'leave', at: ctx.now, reason }, ctx.eventKey)).status === 'present') throw checkedIn;
    await touchLiveCards(ctx.services, liveSubject.activity(activity.number));
    ctx.auditDetail = `leave for ${no}: ${reason}`;
    const label = activityLabel(activity);
    return before
      ? bi(`已更新请假原因：${label['zh-CN']}（${reason}）。`, `Leave reason updated: ${label.en} (${reason}).`)
      : bi(`已请假：${member.name}，${label['zh-CN']}（${reason}）。`, `On leave: ${member.name}, ${label.en} (${reason}).`);
  },
});
