import { DateTime } from 'luxon';
import { districtCode } from '../assessment/settings.js';
import { atLocal, CHINA_ZONE } from '../domain/chinaTime.js';
import { calendarSource } from '../domain/workCalendar.js';
import { bi, pick } from '../i18n/text.js';
import type { OccurrenceData, ReminderKind } from './occurrence.js';
import { groupsOf } from './reach.js';

interface CalendarData extends OccurrenceData {
  year: number;
}

/**
 * From 1 November, while next year's holidays are in neither the bureau's calendar nor the
 * package, the district's group hears every Monday that someone must enter them: until then
 * reminders and escalations count next year's holidays as working days.
 */
export const calendarMissing: ReminderKind<CalendarData> = {
  name: 'calendar-missing',
  zh: '节假日待录入',
  job: 'calendarMissing',
  tick: '0 8 * * *',
  summary: "holiday calendar: weekly from 1 November while next year's is missing, to the district group",
  async plan(streets, now) {
    const today = DateTime.fromJSDate(now, { zone: CHINA_ZONE });
    const year = today.year + 1;
    // Every street's planner reaches the same occurrence: the first street's settings time it.
    const first = streets[0];
    if (today.month < 11 || !first || calendarSource(year) !== 'none') return [];
    const monday = today.startOf('week').toISODate()!;
    return [{ id: `calendar-missing:${year}:${monday}`, at: atLocal(monday, first.settings.remindAt), data: { street: first.code, year } }];
  },
  async compose(app, { year }) {
    const district = await districtCode();
    const groups = district ? (await groupsOf([district])).get(district) ?? [] : [];
    const text = bi(
      `【节假日待录入】${year} 年的法定节假日和调休还没有数据，提醒和问题升级会把节日当工作日。国务院办公厅通知发布后，请管理员录入：npm run admin -- calendar set ${year} 文件；发送 /节假日 ${year} 查看。`,
      `[Holidays missing] There is no ${year} holiday calendar yet, so reminders and escalations treat holidays as working days. Once the State Council publishes it, an admin enters it: npm run admin -- calendar set ${year} FILE; see /holidays ${year}.`,
    );
    const lang = app.services.config.DEFAULT_LANG;
    return groups.map((g) => ({ key: `${g.platform}:${g.chatId}`, message: { ...g, text: pick(text, lang) } }));
  },
};
