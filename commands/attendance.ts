import { z } from 'zod';
import { activityHere, currentActivityHere } from '../src/activities/lookup.js';
import { personalRecordText, rosterText } from '../src/activities/records.js';
import { defineCommand } from '../src/core/command.js';
import { atLeast } from '../src/core/roles.js';
import { bi } from '../src/i18n/text.js';

export default defineCommand({
  name: 'attendance',
  zh: ['考勤'],
  params: ['activity'],
  args: z.object({ activity: z.string().max(20).optional() }),
  allow: 'member',
  needsGrid: true,
  help: bi('网格长：活动签到、请假、缺席和出勤率；网格员：自己今年的考勤', 'Leaders: who came, who is on leave, who is absent; members: your own record this year'),
  usage: bi('[活动编号]', '[ACTIVITY]'),
  async run(ctx, args) {
    const grid = ctx.grid!;
    if (!atLeast(ctx.role, 'deputy')) return personalRecordText(ctx.member!, ctx.now);
    const activity = args.activity ? await activityHere(args.activity, grid) : await currentActivityHere(grid, ctx.now);
    return rosterText(activity, ctx.now);
  },
});
