import type { Runtime } from '../core/runtime.js';
import type { PlatformName } from '../core/types.js';
import { addDays, localDate } from '../domain/chinaTime.js';
import { formatWhen } from '../domain/when.js';
import { quarterRange } from '../domain/attendanceWindow.js';
import { audienceOf, formatActivityNo, type ActivityType } from '../domain/activity.js';
import {
  activityReminderMoment, addMonths, periodOf, quarterOfPeriod, quarterSchedule, type ReminderSettings,
} from '../domain/reminderSchedule.js';
import { afterQuietHours } from '../domain/workCalendar.js';
import { ACTIVITY_TYPE_NAMES } from '../i18n/domainNames.js';
import { bi, pick, type Text } from '../i18n/text.js';
import type { KeyedMessage } from '../outbound/outbox.js';
import { expectedPeople } from '../activities/expected.js';
import { activitiesOfGrids, findActivity, upcomingActivities } from '../store/activities.js';
import { levelThreeGrids, streetList } from '../store/grids.js';
import { AttendanceModel } from '../store/models/attendance.js';
import type { ActivityRecord } from '../store/models/activity.js';
import { calendarKind } from './calendarKind.js';
import type { FiredData, ReminderKind } from './occurrence.js';
import { answerableFor, level3Grids, peopleOfGrids, type GridInfo } from './people.js';
import { groupsOf, reachPeople, toGridLeaders, toStreetLeaders } from './reach.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

interface ActivityData {
  street: string;
  activity: number;
}

const when = (d: Date, now: Date) => formatWhen(d, now);

/** "15 分钟后开始", "1 小时后开始", "明天有活动": from the time really left, so a late reminder still tells the truth. */
function startsIn(startsAt: Date, now: Date): Text {
  const minutes = Math.max(1, Math.round((startsAt.getTime() - now.getTime()) / 60_000));
  if (minutes < 60) return bi(`${minutes} 分钟后开始`, `in ${minutes} minutes`);
  if (minutes < 6 * 60) {
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60 >= 5 ? `${minutes % 60} 分钟` : '';
    return bi(`${hours} 小时${rest}后开始`, `in ${hours} h${rest ? ` ${minutes % 60} min` : ''}`);
  }
  return localDate(startsAt) === addDays(localDate(now), 1) ? bi('明天有活动', 'tomorrow') : bi('即将开始', 'coming up');
}

/**
 * A reminder about each activity: id "NAME:STREET:A-0012", planned from the activities starting
 * within a few days of now, so one created, moved or cancelled is followed by the next tick. An
 * activity of the district grid has no street: with `district`, it is planned under every street
 * (a bureau's training reaches each street's grids, see `districtShare`); otherwise it gets none.
 */
function activityKind(spec: {
  name: string;
  zh: string;
  job: string;
  summary: string;
  moment(activity: ActivityRecord, settings: ReminderSettings): Date;
  /** It looks ahead to the start: pointless once that has passed, or if planned before the activity existed. */
  aboutStart?: boolean;
  district?: boolean;
  compose(runtime: Runtime, activity: ActivityRecord, data: FiredData<ActivityData>): Promise<KeyedMessage[]>;
}): ReminderKind<ActivityData> {
  return {
    name: spec.name,
    zh: spec.zh,
    job: spec.job,
    summary: spec.summary,
    tick: '*/10 * * * *',
    async plan(streets, now) {
      const settings = new Map(streets.map((s) => [s.code, s.settings]));
      const activities = await upcomingActivities(new Date(now.getTime() - 2 * DAY), new Date(now.getTime() + 3 * DAY));
      const district = spec.district ? activities.filter((a) => !a.street) : [];
      const anchor = district.length ? await anchorStreet() : undefined;
      const planned = [
        ...activities.filter((a) => a.street && settings.has(a.street)).map((a) => ({ a, street: a.street! })),
        ...district.flatMap((a) => streets.filter((s) => districtShare(a, s.code, anchor!)).map((s) => ({ a, street: s.code }))),
      ];
      return planned.map(({ a, street }) => ({
        id: `${spec.name}:${street}:${formatActivityNo(a.number)}`,
        at: spec.moment(a, settings.get(street)!),
        ...(spec.aboutStart && { subject: { at: a.startsAt, since: a.announcedAt ?? undefined } }),
        data: { street, activity: a.number },
      }));
    },
    async compose(runtime, data) {
      const activity = await findActivity(data.activity);
      return activity && !activity.cancelledAt ? spec.compose(runtime, activity, data) : [];
    },
  };
}

/** The street under which a district activity's own group is reminded: the first by code, so exactly one. */
async function anchorStreet(): Promise<string> {
  return (await streetList()).map((s) => s.code).sort()[0] ?? '';
}

/** Whether a district activity is reminded under a street: its own group under the anchor, a training in every street. */
const districtShare = (a: ActivityRecord, street: string, anchor: string) => street === anchor || audienceOf(a).below === 'district';

/**
 * The groups a reminder about an activity goes to, for one street's occurrence: the group it was
 * announced in (once), and for a training held for the level-3 grids beneath, their bound groups.
 */
async function activityGroups(a: ActivityRecord, street: string): Promise<Array<{ platform: PlatformName; chatId: string }>> {
  const own = a.street || street === (await anchorStreet()) ? [{ platform: a.platform as PlatformName, chatId: a.chatId }] : [];
  if (audienceOf(a).below === 'none') return own;
  const below = await levelThreeGrids(street);
  const groups = await groupsOf(below.map((g) => g.code));
  return [...own, ...below.flatMap((g) => groups.get(g.code) ?? [])];
}

/** The reminder in the activity's groups (see `activityGroups`), with a check-in button. */
async function toActivityGroups(runtime: Runtime, a: ActivityRecord, street: string, text: Text): Promise<KeyedMessage[]> {
  const no = formatActivityNo(a.number);
  const lang = runtime.services.config.DEFAULT_LANG;
  const buttons = [{ label: pick(bi('签到', 'Check in'), lang), command: `/签到 ${no}` }];
  return (await activityGroups(a, street)).map((g) => ({ key: `${g.platform}:${g.chatId}`, message: { ...g, text: pick(text, lang), buttons } }));
}

const beforeText = (a: ActivityRecord, now: Date) => {
  const no = formatActivityNo(a.number);
  const type = ACTIVITY_TYPE_NAMES[a.type as ActivityType];
  const at = when(a.startsAt, now);
  const lead = startsIn(a.startsAt, now);
  return bi(
    `【活动提醒】${lead['zh-CN']}：${at} 在${a.place}开展${type['zh-CN']}「${a.title}」（${no}），请准时参加；到场后发送 /签到 ${no}，不能参加请发送 /请假 ${no} 原因。`,
    `Activity reminder, ${lead.en}: ${type.en} "${a.title}" (${no}) at ${a.place}, ${at}. Check in on arrival: /checkin ${no}; if you cannot come: /leave ${no} REASON.`,
  );
};

export const activityDayBefore = activityKind({
  name: 'activity-24h',
  zh: '活动前一天',
  job: 'activityDayBefore',
  summary: 'activity: reminder to its group 24 hours before',
  moment: (a, s) => activityReminderMoment(a.startsAt, DAY, s.quiet),
  aboutStart: true,
  district: true,
  compose: async (runtime, a, data) => toActivityGroups(runtime, a, data.street, beforeText(a, runtime.services.clock.now())),
});

export const activityHourBefore = activityKind({
  name: 'activity-1h',
  zh: '活动前一小时',
  job: 'activityHourBefore',
  summary: 'activity: reminder to its group 1 hour before',
  moment: (a, s) => activityReminderMoment(a.startsAt, HOUR, s.quiet),
  aboutStart: true,
  district: true,
  compose: async (runtime, a, data) => toActivityGroups(runtime, a, data.street, beforeText(a, runtime.services.clock.now())),
});

/** Once check-in has closed: the leader hears who came, who was on leave and who was absent. */
export const activitySummary = activityKind({
  name: 'activity-summary',
  zh: '活动签到汇总',
  job: 'activitySummary',
  summary: 'activity: the attendance summary to the grid leader once check-in closes',
  moment: (a, s) => afterQuietHours(new Date(a.checkInClosesAt.getTime() + 60_000), s.quiet),
  async compose(runtime, a) {
    const [people, members, answers] = await Promise.all([
      peopleOfGrids([a.grid]), expectedPeople(a), AttendanceModel.find({ activity: a.number }).lean(),
    ]);
    const status = new Map(answers.map((r) => [r.member, r.status]));
    const names = (pred: (id: string) => boolean) => members.filter((p) => pred(p._id.toString())).map((p) => p.name);
    const present = names((id) => status.get(id) === 'present');
    const leave = names((id) => status.get(id) === 'leave');
    const absent = names((id) => !status.has(id));
    const list = (xs: string[]) => (xs.length ? `：${xs.join('、')}` : '');
    const no = formatActivityNo(a.number);
    const text = bi(
      `【签到汇总】「${a.title}」（${no}，${when(a.startsAt, runtime.services.clock.now())}）应到 ${members.length} 人，实到 ${present.length} 人，请假 ${leave.length} 人${list(leave)}，缺席 ${absent.length} 人${list(absent)}。`,
      `Attendance for "${a.title}" (${no}, ${when(a.startsAt, runtime.services.clock.now())}): ${members.length} expected, ${present.length} present, ${leave.length} on leave${list(leave)}, ${absent.length} absent${list(absent)}.`,
    );
    return reachPeople(runtime, answerableFor(people.get(a.grid)!).map((person) => ({ person, grid: a.grid, text })));
  },
});

const quartersAround = (now: Date) => [-3, 0, 3].map((n) => quarterOfPeriod(addMonths(periodOf(now), n)));

/** The level-3 grids of a street with no activity in the quarter (held, or planned before it ends). */
async function gridsWithoutActivity(street: string, quarter: string): Promise<GridInfo[]> {
  const grids = await level3Grids(street);
  const held = await activitiesOfGrids(grids.map((g) => g.code), quarterRange(Number(quarter.slice(0, 4)), Number(quarter.slice(6))));
  const active = new Set(held.map((a) => a.grid));
  return grids.filter((g) => !active.has(g.code));
}

const quarterName = (quarter: string) => bi(`${quarter.slice(0, 4)}年第${quarter.slice(6)}季度`, quarter);

/** The 15th of a quarter's last month: each grid with no activity this quarter, to its leader. */
export const quarterActivityReminder = calendarKind({
  name: 'quarter-mid',
  zh: '季度活动提醒',
  job: 'quarterActivityReminder',
  summary: 'quarterly activity: grids without one by the 15th of the last month, to their leaders',
  periods: quartersAround,
  moment: (quarter, s) => quarterSchedule(quarter, s).midReminder,
  async compose(runtime, { street, period }) {
    const q = quarterName(period);
    return toGridLeaders(runtime, await gridsWithoutActivity(street, period), (grid) =>
      bi(`【季度活动提醒】${grid.name}（${grid.code}）${q['zh-CN']}还没有开展网格活动。每个网格每季度至少开展一次活动（例会、培训、团建、普法），请在季度结束前安排，并发送 /活动 登记。`,
        `Quarterly activity: ${grid.name} (${grid.code}) has held no activity in ${q.en}. Every grid holds at least one a quarter; plan one before the quarter ends and announce it with /activity.`));
  },
});

/** After a quarter: the street's leaders get the list of grids that held no activity in it. */
export const quarterActivityReport = calendarKind({
  name: 'quarter-end',
  zh: '季度活动汇总',
  job: 'quarterActivityReport',
  summary: 'quarterly activity: the street leader gets the grids without one, after the quarter',
  periods: quartersAround,
  moment: (quarter, s) => quarterSchedule(quarter, s).endReport,
  async compose(runtime, { street, period }) {
    const idle = await gridsWithoutActivity(street, period);
    if (!idle.length) return [];
    const q = quarterName(period);
    const list = idle.map((g) => `${g.code} ${g.name}`).join('\n');
    const text = bi(`【季度活动汇总】${q['zh-CN']}以下 ${idle.length} 个网格没有开展活动：\n${list}`, `Quarterly activities: ${idle.length} grid(s) held none in ${q.en}:\n${list}`);
    return toStreetLeaders(runtime, street, text);
  },
});
