import { z } from 'zod';
import { activityHere, assertInGrid, openActivityHere } from '../src/activities/lookup.js';
import { activityLabel, activityNo, windowOf, windowText } from '../src/activities/texts.js';
import { touchLiveCards } from '../src/cards/liveCards.js';
import { liveSubject } from '../src/cards/liveSubject.js';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { checkInState } from '../src/domain/attendanceWindow.js';
import { localTime } from '../src/domain/chinaTime.js';
import { bi } from '../src/i18n/text.js';
import { recordAttendance } from '../src/store/attendance.js';

export default defineCommand({
  name: 'checkin',
  zh: ['签到'],
  params: ['activity'],
  args: z.object({ activity: z.string().max(20).optional() }),
  allow: 'member',
  needsGrid: true,
  changesState: true,
  help: bi('活动签到（不写编号即签正在签到的活动）', 'Check in to an activity (without a number: the one open now)'),
  usage: bi('[活动编号]', '[ACTIVITY]'),
  async run(ctx, args) {
    const grid = ctx.grid!;
    const member = ctx.member!;
    assertInGrid(member, grid);
    const activity = args.activity ? await activityHere(args.activity, grid, true) : await openActivityHere(grid, ctx.now);
    const no = activityNo(activity.number);
    const state = checkInState(windowOf(activity), ctx.now);
    const w = windowText(activity, ctx.now);
    if (state === 'early') throw new UserError(bi(`${no} 还没到签到时间。${w['zh-CN']}。`, `Check-in for ${no} has not opened yet: ${w.en}.`));
    if (state === 'closed') throw new UserError(bi(`${no} 的签到已经结束（${w['zh-CN']}）。`, `Check-in for ${no} is over (${w.en}).`));
    // One write: a check-in already there (another event's) is what it meets, and is told.
    const kept = await recordAttendance(activity, member, { status: 'present', at: ctx.now }, ctx.eventKey);
    if (!kept.answered) {
      ctx.nothingChanged = true;
      return bi(`您已于 ${localTime(kept.at)} 签到 ${no}，不用重复签到。`, `You checked in to ${no} at ${localTime(kept.at)} already.`);
    }
    await touchLiveCards(ctx.services, liveSubject.activity(activity.number));
    ctx.auditDetail = `checked in to ${no}`;
    const label = activityLabel(activity);
    return bi(`签到成功：${member.name}，${label['zh-CN']}，${localTime(ctx.now)}。`, `Checked in: ${member.name}, ${label.en}, ${localTime(ctx.now)}.`);
  },
});
