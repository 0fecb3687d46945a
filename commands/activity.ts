import { z } from 'zod';
import { announcement, activityNo } from '../src/activities/texts.js';
import type { GridRecord } from '../src/core/context.js';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { parseActivityType } from '../src/domain/activity.js';
import { defaultWindow, parseWindow, type CheckInWindow } from '../src/domain/attendanceWindow.js';
import { atLocal, parseLocalDateOrWord, parseLocalTime } from '../src/domain/chinaTime.js';
import { bi } from '../src/i18n/text.js';
import { createActivity } from '../src/store/activities.js';
import { addToTally, yearOf } from '../src/store/gridTallies.js';
import { homeByCode, homesFor, homesNamed } from '../src/store/statHomes.js';

const DAY = 24 * 3600_000;
/** A home's code, as opposed to a place written out: "JS-H", "KFQ-P1", "CS-01-H". */
const HOME_CODE = /^[A-Za-z]{1,5}(-[A-Za-z0-9]{1,6})+$/;
/** An optional last word of the title overrides the check-in window: "签到=13:30-15:00". */
const WINDOW_SUFFIX = /\s+(?:签到|checkin)\s*[=＝:：]\s*(\S+)$/i;

const TYPES_TEXT = bi('例会、培训、团建、普法', 'meeting, training, team-building, law');

/** A statistics home by code or exact name, or the place as written; an unknown code is an error. */
async function resolvePlace(typed: string, grid: GridRecord): Promise<{ homeCode?: string; place: string }> {
  const text = typed.trim();
  const home = HOME_CODE.test(text) ? await homeByCode(text) : (await homesNamed(text))[0];
  if (home) return { homeCode: home.code, place: home.address ? `${home.name}（${home.address}）` : home.name };
  if (!HOME_CODE.test(text) && !text.endsWith('统计之家')) return { place: text };
  const known = (await homesFor(grid)).map((h) => `${h.code} ${h.name}`).join('、') || '-';
  throw new UserError(bi(
    `没有「${text}」这个统计之家。可用：${known}。也可以直接写地点，例如 "村委会二楼会议室"。`,
    `There is no statistics home "${text}". Homes: ${known}. Or write the place out, e.g. "village office, 2nd floor".`,
  ));
}

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

export default defineCommand({
  name: 'activity',
  zh: ['活动'],
  params: ['type', 'date', 'time', 'place', '...title'],
  args: z.object({
    type: z.string(),
    date: z.string(),
    time: z.string(),
    place: z.string().trim().min(1).max(60),
    title: z.string().trim().min(1).max(200),
  }),
  allow: 'deputy',
  needsGrid: true,
  changesState: true,
  help: bi('创建网格活动，并在群里发带签到按钮的通知', 'Create a grid activity and announce it with a check-in button'),
  usage: bi('类型 日期 时间 地点 主题 [签到=13:30-15:00]', 'TYPE DATE TIME PLACE TITLE [checkin=13:30-15:00]'),
  async run(ctx, args) {
    const grid = ctx.grid!;
    const type = parseActivityType(args.type);
    if (!type) {
      throw new UserError(bi(`没有「${args.type}」这种活动。可选：${TYPES_TEXT['zh-CN']}。`, `There is no activity type "${args.type}". Types: ${TYPES_TEXT.en}.`));
    }
    const date = parseLocalDateOrWord(args.date, ctx.now);
    if (!date) {
      throw new UserError(bi(`日期「${args.date}」不对：请写一个存在的日期，例如 2026-03-12，或 今天、明天。`,
        `The date "${args.date}" is wrong: write a real date such as 2026-03-12, or today, tomorrow.`));
    }
    const time = parseLocalTime(args.time);
    if (!time) throw new UserError(bi(`时间「${args.time}」不对，请写成 14:30。`, `The time "${args.time}" is wrong; write it as 14:30.`));
    const startsAt = atLocal(date, time);
    if (startsAt <= ctx.now) throw new UserError(bi(`${date} ${time} 已经过去了，请核对日期和时间。`, `${date} ${time} is in the past; please check the date and time.`));
    if (startsAt.getTime() - ctx.now.getTime() > 366 * DAY) {
      throw new UserError(bi(`${date} 在一年以后，请核对日期。`, `${date} is more than a year away; please check the date.`));
    }
    const suffix = WINDOW_SUFFIX.exec(args.title);
    const title = (suffix ? args.title.slice(0, suffix.index) : args.title).replace(/^["']|["']$/g, '').trim();
    if (!title) throw new UserError(bi('请写上活动主题。', 'Please give the activity a title.'));
    const window = checkInWindow(suffix?.[1], startsAt, ctx.now);
    const place = await resolvePlace(args.place, grid);

    const member = ctx.member!;
    const activity = await createActivity(
      {
        grid: grid.code, street: grid.street ?? undefined, type, title, startsAt, window, ...place,
        platform: ctx.message.platform, chatId: ctx.message.chatId, createdBy: member._id.toString(), createdByName: member.name,
      },
      ctx.eventKey,
    );
    await addToTally({ year: yearOf(activity.startsAt), grid: activity.grid, street: activity.street ?? undefined }, [
      { kind: 'activity', activity: activity.number, startsAt: activity.startsAt, closesAt: activity.checkInClosesAt },
    ]);
    ctx.auditDetail = `activity ${activityNo(activity.number)} of ${grid.code} at ${startsAt.toISOString()}`;
    return announcement(activity, ctx.lang);
  },
});
