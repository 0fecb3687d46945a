import { z } from 'zod';
import { activityWords, resolvePlace } from '../src/activities/start.js';
import { activityLabel, activityNo } from '../src/activities/texts.js';
import { defineCommand } from '../src/core/command.js';
import { usageOf } from '../src/core/dispatch.js';
import { UserError } from '../src/core/errors.js';
import { defaultWindow } from '../src/domain/attendanceWindow.js';
import { formatWhen } from '../src/domain/when.js';
import { MSG } from '../src/i18n/messages.js';
import { bi } from '../src/i18n/text.js';
import { createActivity } from '../src/store/activities.js';
import { recordAttendance } from '../src/store/attendance.js';
import { gridPeople } from '../src/store/directory.js';
import { addToTally, yearOf } from '../src/store/gridTallies.js';

const DAY = 24 * 3600_000;
/** The last words name who came: "出席=张三、李四". */
const ATTENDED = /\s+(?:出席|到会|attended)\s*[=＝:：]\s*(\S+)$/i;

const backfillCommand = defineCommand({
  name: 'backfillactivity',
  zh: ['补录活动'],
  params: ['type', '...rest'],
  args: z.object({ type: z.string(), rest: z.string().trim().min(1).max(600) }),
  allow: 'leader',
  needsGrid: true,
  changesState: true,
  help: bi('网格长补录已开展的活动和出席的人（未列出的计缺席）', 'Leader: record an activity already held, with who attended (the rest count absent)'),
  usage: bi('类型 时间 地点 主题 出席=姓名、姓名', 'TYPE WHEN PLACE TITLE attended=NAME,NAME'),
  async run(ctx, args) {
    const grid = ctx.grid!;
    const words = activityWords(args.type, args.rest, ctx.now, usageOf(backfillCommand));
    const { type } = words;
    const startsAt = words.when.at;
    const shown = formatWhen(startsAt, ctx.now);
    const window = defaultWindow(startsAt);
    if (window.closesAt > ctx.now) throw new UserError(bi(`${shown} 的活动还没结束，请用 /活动 创建。`, `${shown} is not over yet; create it with /activity.`));
    if (ctx.now.getTime() - startsAt.getTime() > 366 * DAY) throw new UserError(bi(`${shown} 在一年以前，不能补录。`, `${shown} is more than a year ago.`));
    const attended = ATTENDED.exec(words.title);
    if (!attended) {
      const usage = usageOf(backfillCommand);
      throw new UserError(MSG.usage(usage['zh-CN'], usage.en));
    }
    const titleTyped = words.title;
    const title = titleTyped.slice(0, attended.index).trim();
    const names = [...new Set(attended[1]!.split(/[、,，]/).map((n) => n.trim()).filter(Boolean))];
    const people = await gridPeople(grid.code);
    const byName = new Map(people.map((p) => [p.name, p]));
    const unknown = names.filter((n) => !byName.has(n));
    if (unknown.length) throw new UserError(bi(`本网格通讯录里没有：${unknown.join('、')}。`, `Not in this grid's directory: ${unknown.join(', ')}.`));
    if (!title) throw new UserError(bi('请写上活动主题。', 'Please give the activity a title.'));
    const place = await resolvePlace(words.place, grid);

    const member = ctx.member!;
    const activity = await createActivity(
      {
        grid: grid.code, street: grid.street ?? undefined, type, title, startsAt, window, ...place,
        platform: ctx.message.platform, chatId: ctx.message.chatId, createdBy: member._id.toString(), createdByName: member.name,
        announcedAt: ctx.now,
      },
      ctx.eventKey,
    );
    await addToTally({ year: yearOf(activity.startsAt), grid: activity.grid, street: activity.street ?? undefined }, [
      { kind: 'activity', activity: activity.number, startsAt: activity.startsAt, closesAt: activity.checkInClosesAt },
    ]);
    // Those named, and the leader who ran it (never absent at her own activity), once each.
    const present = [...new Map([...names.map((n) => byName.get(n)!), ...people.filter((p) => p._id.equals(member._id))]
      .map((p) => [p._id.toString(), p])).values()];
    for (const p of present) await recordAttendance(activity, p, { status: 'present', at: startsAt }, ctx.eventKey);
    const no = activityNo(activity.number);
    ctx.auditDetail = `backfilled ${no} of ${grid.code} at ${startsAt.toISOString()}, ${present.length} present`;
    const label = activityLabel(activity);
    const absent = people.length - present.length;
    return bi(
      `已补录 ${label['zh-CN']}（${shown}），出席 ${present.length} 人：${present.map((p) => p.name).join('、')}；其余 ${absent} 人计缺席。`,
      `Recorded ${label.en} (${shown}): ${present.length} present, ${absent} absent.`,
    );
  },
});

export default backfillCommand;
