import { monthDay } from '../core/months.js';
import { periodOf, reportSchedule, returnsSchedule, type ReminderSettings } from '../domain/reminderSchedule.js';
import { formatWhen } from '../domain/when.js';
import { bi, lines, type Text } from '../i18n/text.js';

/** A street's reminder settings and this month's dates they give, as `/提醒设置` and the console show them. */
export function settingsText(name: string, s: ReminderSettings, now: Date): Text {
  const period = periodOf(now);
  const report = reportSchedule(period, s);
  const returns = returnsSchedule(period, s);
  const at = (d: Date) => formatWhen(d, now);
  const reminders = [report.before, report.onDue].filter((d): d is Date => Boolean(d)).map(at).join('、');
  return lines(
    bi(`${name} 提醒设置`, `${name}: reminder settings`),
    bi(`月报截止日：每月 ${s.reportDueDay} 日（本月 ${monthDay(report.due)['zh-CN']}，提醒 ${reminders}）`,
      `Report due day: ${s.reportDueDay} of each month (this month ${report.due}; reminders ${reminders})`),
    bi(`报表期：每月 ${s.returnsStartDay}–${s.returnsEndDay} 日（未确认的本月 ${at(returns.reminder)} 提醒）`,
      `Returns window: days ${s.returnsStartDay}–${s.returnsEndDay} (reminder this month ${at(returns.reminder)})`),
    bi(`提醒时间：${s.remindAt}　免打扰：${s.quiet.start}–${s.quiet.end}`, `Reminder time: ${s.remindAt}; quiet hours: ${s.quiet.start}–${s.quiet.end}`),
    bi(`通知提醒：发出 ${s.noticeReminderHours} 小时后提醒未确认的人`, `Notice reminder: ${s.noticeReminderHours} h after a notice, to those who have not acknowledged`),
    bi('修改：/提醒设置 月报截止日 25｜报表期 1-10｜免打扰 21:00-08:00｜提醒时间 9:00｜通知提醒 24',
      'Change: /remind reportDue 25 | returns 1-10 | quiet 21:00-08:00 | time 9:00 | noticeHours 24'),
  );
}
