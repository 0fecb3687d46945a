import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import calendarTask from '../../src/admin/tasks/calendar.js';
import { ManualClock } from '../../src/core/clock.js';
import type { OutboundMessage } from '../../src/core/types.js';
import { defaultWindow } from '../../src/domain/attendanceWindow.js';
import { atLocal, localDate } from '../../src/domain/chinaTime.js';
import { calendarSource, isWorkingDay, useBureauCalendar } from '../../src/domain/workCalendar.js';
import { REMINDER_KINDS } from '../../src/reminders/kinds.js';
import { planKind, REMINDER_QUEUE } from '../../src/reminders/occurrence.js';
import { createActivity } from '../../src/store/activities.js';
import { ReminderLogModel } from '../../src/store/models/reminderLog.js';
import { seedSmallDistrict } from '../support/fixtures.js';
import { startTestApp, untilIdle, type TestApp } from '../support/testApp.js';

/*
 * The year's end with the bot's clock moved as an outage and the calendar move it: reminders of
 * every kind planned and fired by their ticks, across a 6-hour outage and across 1 January 2027,
 * after the bureau entered 2027's holidays (this test's own dates, not the State Council's).
 */
const clock = new ManualClock(atLocal('2026-12-28', '08:30'));
let t: TestApp;

/** Every kind plans (as its tick would), then whatever is due runs; returns what was sent. */
async function tickAll(): Promise<OutboundMessage[]> {
  const before = t.sender.sent.length;
  for (const kind of REMINDER_KINDS) await planKind(t.app.services, kind);
  const queue = t.app.queue(REMINDER_QUEUE);
  await Promise.all((await queue.getDelayed()).map((j) => j.promote()));
  await untilIdle(queue);
  await untilIdle(t.app.queue('outbound'), { delayed: true });
  return t.sender.sent.slice(before);
}

const at = async (date: string, time: string) => {
  clock.set(atLocal(date, time));
  return tickAll();
};
const fired = async () => (await ReminderLogModel.find({}, { _id: 1 }).lean()).map((l) => l._id as string).sort();

async function activity(eventKey: string, startsAt: Date, title: string) {
  return createActivity({
    grid: 'JS-01', street: 'JS', type: 'meeting', title, startsAt, window: defaultWindow(startsAt), place: '会议室',
    platform: 'console', chatId: 'JS-01', createdBy: 'test', announcedAt: clock.now(),
  }, eventKey);
}

beforeAll(async () => {
  t = await startTestApp({ clock });
  await seedSmallDistrict();
});
afterAll(async () => {
  useBureauCalendar([]);
  await t.close();
});

describe('reminders across an outage and the new year, with a calendar the bureau keeps', () => {
  it('asks the district group for next year’s holidays while they are missing, once a week', async () => {
    expect(calendarSource(2027)).toBe('none');
    const sent = await at('2026-12-28', '09:00');
    const asked = sent.filter((m) => m.chatId === 'OH');
    expect(asked).toHaveLength(1);
    expect(asked[0]!.text).toContain('【节假日待录入】2027 年的法定节假日和调休还没有数据');
    expect((await at('2026-12-28', '09:30')).filter((m) => m.chatId === 'OH')).toEqual([]);
  });

  it('takes the year from a file, and then asks no more', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'calendar-'));
    const file = join(dir, '2027.txt');
    await writeFile(file, '# 2027（测试用日期）\n休 2027-01-01~2027-01-03 元旦\n班 2027-01-09 调休\n');
    const out: string[] = [];
    expect(await calendarTask.run(['set', '2027', file], t.app, (l) => out.push(l))).toBe(0);
    expect(out[0]).toBe('2027 年：局里录入');
    expect(calendarSource(2027)).toBe('bureau');
    expect(isWorkingDay('2027-01-01')).toBe(false);
    expect(isWorkingDay('2027-01-09')).toBe(true);
    expect(await fired()).toContain('calendar-missing:2027:2026-12-28');
  });

  it('after a 6-hour outage sends what still lies ahead, late and once, and skips what has passed', async () => {
    await at('2026-12-29', '10:00');
    const ahead = await activity('evt-ahead', atLocal('2026-12-31', '15:00'), '年终总结会'); // its day-before reminder: 12-30 15:00
    const soon = await activity('evt-soon', atLocal('2026-12-30', '17:00'), '临时碰头会'); // its hour-before reminder: 12-30 16:00
    const dayBefore = await at('2026-12-29', '17:00');
    expect(dayBefore.map((m) => m.text)).toEqual([expect.stringMatching(/^【活动提醒】明天有活动：12月30日（周三）17:00 .+「临时碰头会」/)]);
    expect(await at('2026-12-30', '13:00')).toEqual([]);

    // Down from 13:00 to 19:00: the day-before reminder of one and the hour-before of the other fell
    // due meanwhile; the first activity is still ahead, the second is over (its summary is 1.5 h late).
    const after = await at('2026-12-30', '19:00');
    const texts = after.map((m) => m.text);
    expect(texts.filter((x) => x.startsWith('【活动提醒】'))).toEqual([expect.stringMatching(/^【活动提醒】明天有活动：12月31日（周四）15:00 .+「年终总结会」/)]);
    expect(texts.filter((x) => !x.startsWith('【活动提醒】')).every((x) => x.startsWith('【签到汇总】「临时碰头会」'))).toBe(true);
    const log = await fired();
    expect(log).toContain(`activity-24h:JS:A-${String(ahead.number).padStart(4, '0')}`);
    expect(log).not.toContain(`activity-1h:JS:A-${String(soon.number).padStart(4, '0')}`);

    // Its hour-before reminder on time, saying the time really left; nothing twice.
    const hour = await at('2026-12-31', '14:00');
    expect(hour.map((m) => m.text)).toEqual([expect.stringMatching(/^【活动提醒】1 小时后开始：12月31日（周四）15:00/)]);
    expect(await at('2026-12-31', '14:30')).toEqual([]);
  });

  it('sends nothing on the bureau’s holidays, and the quarter’s summary on the first working day after them', async () => {
    for (const day of ['2027-01-01', '2027-01-02', '2027-01-03']) {
      expect(await at(day, '09:00')).toEqual([]);
      expect(await at(day, '12:00')).toEqual([]);
    }
    const monday = await at('2027-01-04', '09:00');
    expect(monday.map((m) => m.text).sort()).toEqual([
      '【季度活动汇总】2026年第4季度以下 1 个网格没有开展活动：\nJS-02 景山贸易网格2',
      '【季度活动汇总】2026年第4季度以下 1 个网格没有开展活动：\nXQ-01 新桥工业网格1',
    ]);
    expect(await fired()).toContain('quarter-end:JS:2026-Q4');
    expect(await at('2027-01-04', '10:00')).toEqual([]);
  });

  it('sent each reminder once, and none on a day off', async () => {
    const logs = await ReminderLogModel.find({}, { _id: 1, firedAt: 1 }).lean();
    expect(new Set(logs.map((l) => l._id)).size).toBe(logs.length);
    for (const l of logs) expect([l._id, isWorkingDay(localDate(l.firedAt))]).toEqual([l._id, true]);
  });
});
