import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import {
  applySetting, dayInMonth, periodOf, type ReminderSettings, type SettingKey,
} from '../src/domain/reminderSchedule.js';
import { bi, lines, type Text } from '../src/i18n/text.js';
import { REMINDER_KINDS } from '../src/reminders/kinds.js';
import { monthDay } from '../src/core/months.js';
import { planKind } from '../src/reminders/occurrence.js';
import { requireStreet } from '../src/core/streetScope.js';
import { saveStreetSettings, streetSettings } from '../src/reminders/settings.js';
import { settingsText } from '../src/reminders/settingsText.js';
import { keywordOf } from '../src/domain/keywords.js';

const KEYS: Record<string, SettingKey> = {
  月报截止日: 'reportDueDay', 月报截止: 'reportDueDay', 月报: 'reportDueDay', reportdue: 'reportDueDay',
  报表期: 'returns', 报表: 'returns', returns: 'returns',
  免打扰: 'quiet', quiet: 'quiet',
  提醒时间: 'remindAt', time: 'remindAt',
  通知提醒: 'noticeReminderHours', 通知: 'noticeReminderHours', noticehours: 'noticeReminderHours',
};

const HINTS: Record<SettingKey, Text> = {
  reportDueDay: bi('月报截止日写 1 到 31 的整数，例如：/提醒设置 月报截止日 25', 'The report due day is a whole number from 1 to 31, e.g. /remind reportDue 25'),
  returns: bi('报表期写成“开始日-结束日”，例如：/提醒设置 报表期 1-10', 'The returns window is START-END days, e.g. /remind returns 1-10'),
  quiet: bi('免打扰写成“开始-结束”，例如：/提醒设置 免打扰 21:00-08:00；提醒时间不能落在其中', 'Quiet hours are START-END, e.g. /remind quiet 21:00-08:00; the reminder time may not fall inside'),
  remindAt: bi('提醒时间写成 9:00 这样的时刻，且不能在免打扰时段内', 'The reminder time is like 9:00, outside quiet hours'),
  noticeReminderHours: bi('通知提醒写 1 到 168 的小时数，例如：/提醒设置 通知提醒 24', 'The notice reminder delay is 1 to 168 hours, e.g. /remind noticeHours 24'),
};

/** A due day the current month lacks is clamped to its last day; the reply says so. */
function clampNote(s: ReminderSettings, now: Date): Text | undefined {
  const { date, clamped } = dayInMonth(periodOf(now), s.reportDueDay);
  if (clamped) {
    return bi(`本月没有 ${s.reportDueDay} 日，本月按月末 ${monthDay(date)['zh-CN']} 截止。`,
      `This month has no day ${s.reportDueDay}; this month it is due on its last day, ${date}.`);
  }
  if (s.reportDueDay > 28) return bi(`没有 ${s.reportDueDay} 日的月份（如 2 月）按月末截止。`, `Months without day ${s.reportDueDay} (such as February) use their last day.`);
  return undefined;
}

export default defineCommand({
  name: 'remind',
  zh: ['提醒设置'],
  params: ['key', '...value'],
  args: z.object({ key: z.string().max(20).optional(), value: z.string().max(40).optional() }),
  allow: 'streetAdmin',
  changesState: true,
  help: bi('查看或修改本街道的提醒设置（月报截止日、报表期、免打扰等）', "See or change your street's reminder settings (report due day, returns window, quiet hours…)"),
  usage: bi('[项目 值]', '[SETTING VALUE]'),
  async run(ctx, { key, value }) {
    const street = await requireStreet(ctx);
    const [current] = await streetSettings([street]);
    if (!current) throw new UserError(bi('没有找到本街道。', 'Street not found.'));
    if (!key) return settingsText(current.name, current.settings, ctx.now);
    const setting = keywordOf(KEYS, key);
    if (!setting) throw new UserError(bi(`没有「${key}」这一项。可设置：月报截止日、报表期、免打扰、提醒时间、通知提醒。`, `No setting "${key}". Settings: reportDue, returns, quiet, time, noticeHours.`));
    const next = value ? applySetting(current.settings, setting, value) : undefined;
    if (!next) throw new UserError(HINTS[setting]);

    await saveStreetSettings(street, next, ctx.member!._id.toString(), ctx.now);
    // Stable occurrence ids: re-planning moves pending reminders to the new moments.
    for (const kind of REMINDER_KINDS) await planKind(ctx.services, kind, [street]);
    ctx.auditDetail = `${street} ${setting} = ${value}`;
    const note = setting === 'reportDueDay' ? clampNote(next, ctx.now) : undefined;
    return lines(bi('已保存，相关提醒已重新安排。', 'Saved; the reminders are rescheduled.'), ...(note ? [note] : []), settingsText(current.name, next, ctx.now));
  },
});
