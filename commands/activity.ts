import { z } from 'zod';
import { announcement, activityNo } from '../src/activities/texts.js';
import type { GridRecord } from '../src/core/context.js';
import { defineCommand } from '../src/core/command.js';
import { tokenize } from '../src/core/commandLine.js';
import { usageOf } from '../src/core/dispatch.js';
import { MSG } from '../src/i18n/messages.js';
import { UserError } from '../src/core/errors.js';
import { parseActivityType } from '../src/domain/activity.js';
import { defaultWindow, parseWindow, type CheckInWindow } from '../src/domain/attendanceWindow.js';
import { localDate } from '../src/domain/chinaTime.js';
import { formatWhen, leadingWhen, type When } from '../src/domain/when.js';
import { DEFAULT_QUIET_HOURS, inQuietHours, isWorkingDay } from '../src/domain/workCalendar.js';
import { bi, lines, type Text } from '../src/i18n/text.js';
import { createActivity } from '../src/store/activities.js';
import { addToTally, yearOf } from '../src/store/gridTallies.js';
import { streetSettings } from '../src/reminders/settings.js';
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

/** The start the words begin with ("明天下午3点", "12月8日 15:00"), or what is wrong with them. */
function startOf(tokens: string[], now: Date): { when: When; used: number } {
  const found = leadingWhen(tokens, now);
  if (found?.when.grain === 'minute') return found;
  const [first = '', second = ''] = tokens;
  if (found?.when.grain === 'day' && second) {
    throw new UserError(bi(`时间「${second}」不对，请写成 14:30 或 下午3点。`, `The time "${second}" is wrong; write it as 14:30.`));
  }
  if (found) throw new UserError(bi(`请在「${first}」后写上开始时间，例如 ${first} 15:00。`, `Give the start time after "${first}", e.g. ${first} 15:00.`));
  throw new UserError(bi(`日期「${first}」不对：请写一个存在的日期和时间，例如 明天下午3点、12月8日 15:00。`,
    `The date "${first}" is wrong: write a real date and time such as 2026-12-08 15:00, or tomorrow 3pm.`));
}

/** One line each for a start in the street's quiet hours or on a day off: allowed, but said. */
async function warnings(startsAt: Date, street: string | undefined): Promise<Text[]> {
  const quiet = street ? ((await streetSettings([street]))[0]?.settings.quiet ?? DEFAULT_QUIET_HOURS) : DEFAULT_QUIET_HOURS;
  return [
    ...(inQuietHours(startsAt, quiet) ? [bi(`⚠ 开始时间在免打扰时段（${quiet.start}–${quiet.end}）内。`, `⚠ It starts in quiet hours (${quiet.start}–${quiet.end}).`)] : []),
    ...(isWorkingDay(localDate(startsAt)) ? [] : [bi('⚠ 这一天不是工作日。', '⚠ That day is not a working day.')]),
  ];
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
    const type = parseActivityType(args.type);
    if (!type) {
      throw new UserError(bi(`没有「${args.type}」这种活动。可选：${TYPES_TEXT['zh-CN']}。`, `There is no activity type "${args.type}". Types: ${TYPES_TEXT.en}.`));
    }
    const split = tokenize(args.rest) ?? { tokens: [], rest: [] };
    const found = startOf(split.tokens, ctx.now);
    const startsAt = found.when.at;
    const shown = formatWhen(startsAt, ctx.now);
    if (startsAt <= ctx.now) throw new UserError(bi(`${shown} 已经过去了，请核对日期和时间。`, `${shown} is in the past; please check the date and time.`));
    if (startsAt.getTime() - ctx.now.getTime() > 366 * DAY) {
      throw new UserError(bi(`${shown} 在一年以后，请核对日期。`, `${shown} is more than a year away; please check the date.`));
    }
    const placeTyped = split.tokens[found.used];
    const titleTyped = split.rest[found.used + 1];
    if (!placeTyped || !titleTyped) {
      const usage = usageOf(activityCommand);
      throw new UserError(MSG.usage(usage['zh-CN'], usage.en));
    }
    const suffix = WINDOW_SUFFIX.exec(titleTyped);
    const title = (suffix ? titleTyped.slice(0, suffix.index) : titleTyped).replace(/^["']|["']$/g, '').trim();
    if (!title) throw new UserError(bi('请写上活动主题。', 'Please give the activity a title.'));
    const window = checkInWindow(suffix?.[1], startsAt, ctx.now);
    const place = await resolvePlace(placeTyped, grid);

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
    const notes = [
      ...(found.when.guessed ? [bi(`按 ${shown} 创建，不对请重新发送。`, `Created for ${shown}; if that is wrong, send it again.`)] : []),
      ...(await warnings(startsAt, grid.street ?? undefined)),
    ];
    const announced = announcement(activity, ctx.lang, ctx.now);
    return notes.length ? [{ text: lines(...notes) }, announced] : announced;
  },
});

export default activityCommand;
