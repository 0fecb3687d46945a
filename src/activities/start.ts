import type { GridRecord } from '../core/context.js';
import { tokenize } from '../core/commandLine.js';
import { UserError } from '../core/errors.js';
import { parseActivityType, type ActivityType } from '../domain/activity.js';
import { localDate } from '../domain/chinaTime.js';
import { formatWhen, leadingWhen, type When } from '../domain/when.js';
import { DEFAULT_QUIET_HOURS, inQuietHours, isWorkingDay } from '../domain/workCalendar.js';
import { MSG } from '../i18n/messages.js';
import { bi, type Text } from '../i18n/text.js';
import { streetSettings } from '../reminders/settings.js';
import { homeByCode, homesFor, homesNamed } from '../store/statHomes.js';
import { HOMES } from './homeTexts.js';

// What creating and changing an activity check alike: its start, its place, and what to warn of.

const DAY = 24 * 3600_000;
/** A home's code, as opposed to a place written out: "JS-H", "KFQ-P1", "CS-01-H". */
export const HOME_CODE = /^[A-Za-z]{1,5}(-[A-Za-z0-9]{1,6})+$/;

/** A statistics home by code or exact name, or the place as written; an unknown code is an error. */
export async function resolvePlace(typed: string, grid: GridRecord): Promise<{ homeCode?: string; place: string }> {
  const text = typed.trim();
  const home = HOME_CODE.test(text) ? await homeByCode(text) : (await homesNamed(text))[0];
  if (home) {
    if (home.retiredAt) throw new UserError(HOMES.retired(home));
    // A grid's activity is held in its own street or at the district's; the district's may be anywhere.
    if (grid.level !== 1 && home.scope !== 'district' && home.street !== grid.street) throw new UserError(HOMES.otherStreet(home));
    return { homeCode: home.code, place: home.address ? `${home.name}（${home.address}）` : home.name };
  }
  if (!HOME_CODE.test(text) && !text.endsWith('统计之家')) return { place: text };
  const known = (await homesFor(grid)).map((h) => `${h.code} ${h.name}`).join('、') || '-';
  throw new UserError(bi(
    `没有「${text}」这个统计之家。可用：${known}。也可以直接写地点，例如 "村委会二楼会议室"。`,
    `There is no statistics home "${text}". Homes: ${known}. Or write the place out, e.g. "village office, 2nd floor".`,
  ));
}

/** The start the words begin with ("明天下午3点", "12月8日 15:00"), or what is wrong with them. */
export function startOf(tokens: string[], now: Date): { when: When; used: number } {
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
export async function startWarnings(startsAt: Date, street: string | undefined): Promise<Text[]> {
  const quiet = street ? ((await streetSettings([street]))[0]?.settings.quiet ?? DEFAULT_QUIET_HOURS) : DEFAULT_QUIET_HOURS;
  return [
    ...(inQuietHours(startsAt, quiet) ? [bi(`⚠ 开始时间在免打扰时段（${quiet.start}–${quiet.end}）内。`, `⚠ It starts in quiet hours (${quiet.start}–${quiet.end}).`)] : []),
    ...(isWorkingDay(localDate(startsAt)) ? [] : [bi('⚠ 这一天不是工作日。', '⚠ That day is not a working day.')]),
  ];
}


/** A start that is ahead and within a year, as an activity's must be. */
export function aheadOnly(when: When, now: Date): Date {
  const shown = formatWhen(when.at, now);
  if (when.at <= now) throw new UserError(bi(`${shown} 已经过去了，请核对日期和时间。`, `${shown} is in the past; please check the date and time.`));
  if (when.at.getTime() - now.getTime() > 366 * DAY) {
    throw new UserError(bi(`${shown} 在一年以后，请核对日期。`, `${shown} is more than a year away; please check the date.`));
  }
  return when.at;
}

const TYPES_TEXT = bi('例会、培训、团建、普法', 'meeting, training, team-building, law');

/** The activity type typed (例会, training…), or the types there are. */
export function activityTypeArg(typed: string): ActivityType {
  const type = parseActivityType(typed);
  if (!type) throw new UserError(bi(`没有「${typed}」这种活动。可选：${TYPES_TEXT['zh-CN']}。`, `There is no activity type "${typed}". Types: ${TYPES_TEXT.en}.`));
  return type;
}

/** "例会 明天下午3点 CS-H 主题…": the type, the start, the place as typed, and the rest (the title and its options). */
export function activityWords(typedType: string, rest: string, now: Date, usage: Text): { type: ActivityType; when: When; place: string; title: string } {
  const type = activityTypeArg(typedType);
  const split = tokenize(rest) ?? { tokens: [], rest: [] };
  const found = startOf(split.tokens, now);
  const place = split.tokens[found.used];
  const title = split.rest[found.used + 1];
  if (!place || !title) throw new UserError(MSG.usage(usage['zh-CN'], usage.en));
  return { type, when: found.when, place, title };
}
