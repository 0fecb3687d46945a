import type { MemberRecord } from '../core/context.js';
import { checkInState, describeWindow, quarterOf, yearRange } from '../domain/attendanceWindow.js';
import { localTime } from '../domain/chinaTime.js';
import { formatWhen } from '../domain/when.js';
import { bi, lines, type Text } from '../i18n/text.js';
import { activitiesFor } from '../store/activities.js';
import { activityAttendance, memberAttendance } from '../store/attendance.js';
import { gridsByCode } from '../store/grids.js';
import type { ActivityRecord } from '../store/models/activity.js';
import { expectedPeople } from './expected.js';
import { activityLine, rateText, windowOf } from './texts.js';

const joinNames = (names: string[], lang: 'zh-CN' | 'en') => names.join(lang === 'en' ? ', ' : '、') || '-';

/**
 * The roster of an activity: who checked in, who is on leave, who did not come (everyone expected
 * now, see `expectedPeople`, plus anyone who answered and has left since).
 */
export async function rosterText(activity: ActivityRecord, now: Date): Promise<Text> {
  const [people, records] = await Promise.all([expectedPeople(activity), activityAttendance(activity.number)]);
  const answered = new Map(records.map((r) => [r.member, r]));
  const present = records.filter((r) => r.status === 'present');
  const leave = records.filter((r) => r.status === 'leave');
  const silent = people.filter((p) => !answered.has(p._id.toString())).map((p) => p.name).sort((a, b) => a.localeCompare(b, 'zh-CN'));
  const expected = present.length + leave.length + silent.length;
  const state = checkInState(windowOf(activity), now);
  if (state === 'early') return notStartedText(activity, leave, now);
  // Before the window closes nobody is absent yet, only not checked in.
  const closed = state === 'closed';
  const silentCount = closed ? bi('缺席', 'absent') : bi('未签到', 'not checked in');
  const silentHeading = closed ? bi('缺席', 'Absent') : bi('未签到', 'Not checked in');
  const rate = rateText(present.length, expected);
  const line = activityLine(activity, now);
  // The organizer is present by creating it; she shows as such rather than with a check-in time.
  const presentNames = (lang: 'zh-CN' | 'en') => joinNames(present.map((r) =>
    (r.member === activity.createdBy ? `${r.memberName}${lang === 'en' ? ' (organizer)' : '（组织）'}` : `${r.memberName} ${localTime(r.at)}`)), lang);
  const leaveNames = (lang: 'zh-CN' | 'en') => joinNames(leave.map((r) => (r.reason ? `${r.memberName}（${r.reason}）` : r.memberName)), lang);
  return lines(
    bi(`考勤 ${line['zh-CN']}`, `Attendance ${line.en}`),
    bi(
      `应到 ${expected} 人：签到 ${present.length}，请假 ${leave.length}，${silentCount['zh-CN']} ${silent.length}，出勤率 ${rate}`,
      `${expected} expected: ${present.length} present, ${leave.length} on leave, ${silent.length} ${silentCount.en}; attendance ${rate}`,
    ),
    bi(`签到：${presentNames('zh-CN')}`, `Present: ${presentNames('en')}`),
    bi(`请假：${leaveNames('zh-CN')}`, `On leave: ${leaveNames('en')}`),
    bi(`${silentHeading['zh-CN']}：${joinNames(silent, 'zh-CN')}`, `${silentHeading.en}: ${joinNames(silent, 'en')}`),
  );
}

/** Before check-in opens there is no attendance to show: when it opens, and who asked for leave. */
function notStartedText(activity: ActivityRecord, leave: Array<{ memberName: string; reason?: string | null }>, now: Date): Text {
  const line = activityLine(activity, now);
  const w = describeWindow(windowOf(activity), now);
  const names = leave.map((r) => (r.reason ? `${r.memberName}（${r.reason}）` : r.memberName));
  return lines(
    bi(`考勤 ${line['zh-CN']}`, `Attendance ${line.en}`),
    bi(`还没开始，签到时间 ${w}。`, `Not started yet; check-in ${w}.`),
    bi(`已请假 ${leave.length} 人：${joinNames(names, 'zh-CN')}`, `On leave so far: ${leave.length}: ${joinNames(names, 'en')}`),
  );
}

/** A member's own record for this year (China time), over the activities of their grids and the trainings held above for them. */
export async function personalRecordText(member: MemberRecord, now: Date): Promise<Text> {
  const { year } = quarterOf(now);
  const activities = await activitiesFor(await gridsByCode(member.memberships.map((m) => m.grid)), yearRange(year));
  const records = new Map((await memberAttendance(member._id.toString(), activities.map((a) => a.number))).map((r) => [r.activity, r]));
  let present = 0;
  let leave = 0;
  let absent = 0;
  const rows = activities.map((a) => {
    const r = records.get(a.number);
    const state = checkInState(windowOf(a), now);
    let status: Text;
    if (r?.status === 'present') {
      present++;
      status = bi(`已签到 ${formatWhen(r.at, now)}`, `present ${formatWhen(r.at, now)}`);
    } else if (r?.status === 'leave') {
      leave++;
      status = bi(`请假${r.reason ? `（${r.reason}）` : ''}`, `on leave${r.reason ? ` (${r.reason})` : ''}`);
    } else if (state === 'closed') {
      absent++;
      status = bi('缺席', 'absent');
    } else status = state === 'open' ? bi('签到中', 'check-in open') : bi('未开始', 'upcoming');
    const line = activityLine(a, now);
    return bi(`${line['zh-CN']}：${status['zh-CN']}`, `${line.en}: ${status.en}`);
  });
  const held = present + leave + absent;
  return lines(
    bi(
      `${member.name} ${year} 年考勤：活动 ${held} 次，签到 ${present}，请假 ${leave}，缺席 ${absent}，出勤率 ${rateText(present, held)}`,
      `${member.name}, ${year}: ${held} activities, ${present} present, ${leave} on leave, ${absent} absent; attendance ${rateText(present, held)}`,
    ),
    ...(rows.length ? rows : [bi('今年还没有活动。', 'No activities this year yet.')]),
  );
}
