import { z } from 'zod';
import { activityHere } from '../src/activities/lookup.js';
import { activityNo, cancellationNotice } from '../src/activities/texts.js';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { bi } from '../src/i18n/text.js';
import { cancelActivity } from '../src/store/activities.js';
import { addToTally, yearOf } from '../src/store/gridTallies.js';
import { toActivityGroupToo } from '../src/activities/announce.js';

export default defineCommand({
  name: 'cancelactivity',
  zh: ['取消活动'],
  params: ['activity', '...reason'],
  args: z.object({ activity: z.string().max(20), reason: z.string().trim().min(1).max(200) }),
  allow: 'deputy',
  needsGrid: true,
  changesState: true,
  help: bi('取消活动并通知成员（取消的活动不计考勤）', 'Cancel an activity and tell its group (it then counts for nobody)'),
  usage: bi('活动编号 原因', 'ACTIVITY REASON'),
  async run(ctx, args) {
    const activity = await activityHere(args.activity, ctx.grid!);
    const no = activityNo(activity.number);
    // The tally first: a run cut short after it is run again whole, and dropping a dropped activity changes nothing.
    await addToTally({ year: yearOf(activity.startsAt), grid: activity.grid, street: activity.street ?? undefined }, [
      { kind: 'cancelled', activity: activity.number },
    ]);
    const cancelled = await cancelActivity(activity.number, args.reason, ctx.now);
    if (!cancelled) throw new UserError(bi(`${no} 已取消。`, `${no} was cancelled already.`));
    ctx.auditDetail = `cancelled ${no}: ${args.reason}`;
    return toActivityGroupToo(ctx, cancelled, cancellationNotice(cancelled, args.reason, ctx.now));
  },
});
