import { liveSubject } from '../cards/liveSubject.js';
import { formatActivityNo } from '../domain/activity.js';
import { describeWindow } from '../domain/attendanceWindow.js';
import { formatWhen } from '../domain/when.js';
import type { Outgoing } from '../core/types.js';
import { ACTIVITY_TYPE_NAMES } from '../i18n/domainNames.js';
import { bi, lines, type Lang, type Text } from '../i18n/text.js';
import type { ActivityRecord } from '../store/models/activity.js';
import type { ActivityType } from '../domain/activity.js';

export const activityNo = formatActivityNo;

type Shown = Pick<ActivityRecord, 'number' | 'type' | 'title' | 'startsAt'>;

/** "A-0012 例会「一季度统计例会」" */
export function activityLabel(a: Pick<Shown, 'number' | 'type' | 'title'>): Text {
  const type = ACTIVITY_TYPE_NAMES[a.type as ActivityType];
  return bi(`${activityNo(a.number)} ${type['zh-CN']}「${a.title}」`, `${activityNo(a.number)} ${type.en} "${a.title}"`);
}

/** "A-0012 例会「一季度统计例会」 3月12日（周四）14:30" */
export function activityLine(a: Shown, now: Date): Text {
  const label = activityLabel(a);
  const at = formatWhen(a.startsAt, now);
  return bi(`${label['zh-CN']} ${at}`, `${label.en} ${at}`);
}

export const windowOf = (a: Pick<ActivityRecord, 'checkInOpensAt' | 'checkInClosesAt'>) => ({ opensAt: a.checkInOpensAt, closesAt: a.checkInClosesAt });

/** "签到时间 3月12日（周四）14:00–15:00（北京时间）" */
export function windowText(a: Pick<ActivityRecord, 'checkInOpensAt' | 'checkInClosesAt'>, now: Date): Text {
  const w = describeWindow(windowOf(a), now);
  return bi(`签到时间 ${w}（北京时间）`, `check-in ${w} (China time)`);
}

/** The group's announcement: what, when, where, and a check-in button. */
export function announcement(a: ActivityRecord, lang: Lang, now: Date): Outgoing {
  const no = activityNo(a.number);
  const type = ACTIVITY_TYPE_NAMES[a.type as ActivityType];
  const at = formatWhen(a.startsAt, now);
  const w = describeWindow(windowOf(a), now);
  return {
    title: bi(`活动通知 ${no}`, `Activity ${no}`),
    text: lines(
      bi(`${type['zh-CN']}：${a.title}`, `${type.en}: ${a.title}`),
      bi(`时间：${at}`, `When: ${at} (China time)`),
      bi(`地点：${a.place}`, `Where: ${a.place}`),
      bi(`签到：${w}，点“签到”或发送 /签到 ${no}`, `Check in ${w}: press "Check in" or send /checkin ${no}`),
      bi(`不能参加请在开始前发送 /请假 ${no} 原因`, `Can't come? Before the start send /leave ${no} REASON`),
    ),
    buttons: [{ label: bi('签到', 'Check in'), command: lang === 'en' ? `/checkin ${no}` : `/签到 ${no}` }],
    live: liveSubject.activity(a.number),
  };
}

/** "85%" of present over expected; "-" when nobody is expected. */
export const rateText = (present: number, expected: number) => (expected ? `${Math.round((present / expected) * 100)}%` : '-');

/** The group hears an activity is off: "【活动取消】A-0012 例会「…」（12月9日（周三）15:00）已取消：原因。" */
export function cancellationNotice(a: Shown, reason: string, now: Date): Text {
  const label = activityLabel(a);
  const at = formatWhen(a.startsAt, now);
  return bi(`【活动取消】${label['zh-CN']}（${at}）已取消：${reason}。不计入考勤。`,
    `[Cancelled] ${label.en} (${at}) is cancelled: ${reason}. It counts for nobody's attendance.`);
}

/** The group hears what changed, with the new details. */
export function changeNotice(a: ActivityRecord, changed: Text[], now: Date): Text {
  const label = activityLabel(a);
  return lines(
    bi(`【活动变更】${label['zh-CN']}：${changed.map((c) => c['zh-CN']).join('，')}。`, `[Changed] ${label.en}: ${changed.map((c) => c.en).join(', ')}.`),
    bi(`时间：${formatWhen(a.startsAt, now)}　地点：${a.place}`, `When: ${formatWhen(a.startsAt, now)}; where: ${a.place}`),
    bi(`签到：${describeWindow(windowOf(a), now)}`, `Check in: ${describeWindow(windowOf(a), now)}`),
  );
}

/** Said when a street or the bureau creates a training for the grids beneath: who else is expected, and where they check in. */
export function forGridsBelowNote(a: Pick<ActivityRecord, 'number' | 'street'>): Text {
  const no = activityNo(a.number);
  const [zh, en] = a.street ? ['本街道各网格', "the street's grids"] : ['全区各网格', "the district's grids"];
  return bi(
    `这次培训面向${zh}的成员：他们在本网格群收到提醒，并在那里发送 /签到 ${no}。`,
    `This training is for the members of ${en} too: they are reminded in their grid's group and check in there with /checkin ${no}.`,
  );
}
