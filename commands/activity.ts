import { z } from 'zod';
import { activityWords, aheadOnly, resolvePlace, startWarnings } from '../src/activities/start.js';
import { announcement, activityNo, forGridsBelowNote } from '../src/activities/texts.js';
import { defineCommand } from '../src/core/command.js';
import { usageOf } from '../src/core/dispatch.js';
import { UserError } from '../src/core/errors.js';
import { defaultWindow, parseWindow, type CheckInWindow } from '../src/domain/attendanceWindow.js';
import { forGridsBelow } from '../src/domain/activity.js';
import { formatWhen } from '../src/domain/when.js';
import { bi, lines } from '../src/i18n/text.js';
import { createActivity } from '../src/store/activities.js';
import { recordAttendance } from '../src/store/attendance.js';
import { addToTally, yearOf } from '../src/store/gridTallies.js';

/** An optional last word of the title overrides the check-in window: "签到=13:30-15:00". */
const WINDOW_SUFFIX = /\s+(?:签到|checkin)\s*[=＝:：]\s*(\S+)$/i;

function checkInWindow(typed: string | undefined, startsAt: Date, now: Date): CheckInWindow {
  if (!typed) return defaultWindow(startsAt);
  const parsed = parseWindow(typed, startsAt);
  if (!parsed.ok) {
    throw new UserError(parsed.reason === 'order'
      ? bi(`签到时间「${typed}」的结束要晚于开始。`, `The check-in window "${typed}" must end after it opens.`)
      : bi(`签到时间「${typed}」看不懂，请写成 签到=13:30-15:00。`, `Cannot read the check-in window "${typed}"; write it as checkin=13:30-15:00.`));
  }
  if (parsed.window.closesAt <= now) throw new UserError(bi(`签到时间「${typed}」已经过去了。`, `The check-in window "${typed}" is already over.`));
  return parsed.window;
}

const activityCommand = defineCommand({
  name: 'activity',
  zh: ['活动'],
  params: ['type', '...rest'],
  args: z.object({ type: z.string(), rest: z.string().trim().min(1).max(300) }),
  allow: 'deputy',
  needsGrid: true,
  changesState: true,
  help: bi('创建网格活动，并在群里发带签到按钮的通知', 'Create a grid activity and announce it with a check-in button'),
  usage: bi('类型 时间 地点 主题 [签到=13:30-15:00]', 'TYPE WHEN PLACE TITLE [checkin=13:30-15:00]'),
  async run(ctx, args) {
    const grid = ctx.grid!;
    const words = activityWords(args.type, args.rest, ctx.now, usageOf(activityCommand));
    const { type } = words;
    const startsAt = aheadOnly(words.when, ctx.now);
    const shown = formatWhen(startsAt, ctx.now);
    const titleTyped = words.title;
    const suffix = WINDOW_SUFFIX.exec(titleTyped);
    const title = (suffix ? titleTyped.slice(0, suffix.index) : titleTyped).replace(/^["']|["']$/g, '').trim();
    if (!title) throw new UserError(bi('请写上活动主题。', 'Please give the activity a title.'));
    const window = checkInWindow(suffix?.[1], startsAt, ctx.now);
    const place = await resolvePlace(words.place, grid);

    const member = ctx.member!;
    const activity = await createActivity(
      {
        grid: grid.code, street: grid.street ?? undefined, type, title, startsAt, window, ...place,
        platform: ctx.message.platform, chatId: ctx.message.chatId, createdBy: member._id.toString(), createdByName: member.name,
        announcedAt: ctx.now, ...(forGridsBelow(type, grid.level) && { forGridsBelow: true }),
      },
      ctx.eventKey,
    );
    await addToTally({ year: yearOf(activity.startsAt), grid: activity.grid, street: activity.street ?? undefined }, [
      { kind: 'activity', activity: activity.number, startsAt: activity.startsAt, closesAt: activity.checkInClosesAt },
    ]);
    // The one who runs it is there: never counted absent at her own activity.
    if (member.memberships.some((m) => m.grid === grid.code)) await recordAttendance(activity, member, { status: 'present', at: startsAt }, ctx.eventKey);
    ctx.auditDetail = `activity ${activityNo(activity.number)} of ${grid.code} at ${startsAt.toISOString()}`;
    const notes = [
      ...(words.when.guessed ? [bi(`按 ${shown} 创建，不对请重新发送。`, `Created for ${shown}; if that is wrong, send it again.`)] : []),
      ...(await startWarnings(startsAt, grid.street ?? undefined)),
      ...(activity.forGridsBelow ? [forGridsBelowNote(activity)] : []),
    ];
    const announced = announcement(activity, ctx.lang, ctx.now);
    return notes.length ? [{ text: lines(...notes) }, announced] : announced;
  },
});

export default activityCommand;
