import { endOfDay } from '../domain/chinaTime.js';
import type { Runtime } from '../core/runtime.js';
import { addMonths, periodOf, returnsSchedule, returnsWindow, type Period } from '../domain/reminderSchedule.js';
import { bi } from '../i18n/text.js';
import { ReturnsFilingModel } from '../store/models/returnsFiling.js';
import { calendarKind } from './calendarKind.js';
import { monthDay, monthName } from '../core/months.js';
import { answerableFor, level3Grids, peopleOfGrids, type GridPerson } from './people.js';
import { reachPeople, type Recipient } from './reach.js';
import { streetSettings } from './settings.js';

/** Members who file their unit's returns: the members and deputies of level-3 grids. */
const files = (p: GridPerson) => p.role === 'member' || p.role === 'deputy';

/** Per level-3 grid of a street: who files returns, and which of them have not confirmed for the month. */
export async function returnsStatus(street: string, period: Period) {
  const grids = await level3Grids(street);
  const people = await peopleOfGrids(grids.map((g) => g.code));
  const filers = [...people.values()].flat().filter(files);
  const filed = new Set(
    (await ReturnsFilingModel.find({ period, member: { $in: filers.map((p) => p._id.toString()) } }, { member: 1 }).lean()).map((f) => f.member),
  );
  return grids.map((grid) => {
    const all = people.get(grid.code)!;
    return { grid, leaders: answerableFor(all), missing: all.filter((p) => files(p) && !filed.has(p._id.toString())) };
  });
}

/** Two working days before the returns window closes: each member who has not confirmed, then each leader with the list. */
export const returnsReminder = calendarKind({
  name: 'returns',
  zh: '报表',
  job: 'returnsReminder',
  summary: 'statistical returns: members who have not confirmed /filed, and their leader, two working days before the window closes',
  periods: (now) => [0, 1].map((n) => addMonths(periodOf(now), n)),
  moment: (period, s) => returnsSchedule(period, s).reminder,
  subjectAt: (period, s) => endOfDay(returnsSchedule(period, s).end),
  async compose(runtime: Runtime, { street, period }) {
    const [settings] = await streetSettings([street]);
    const { start, end } = returnsWindow(period, settings!.settings);
    const window = bi(`${monthDay(start)['zh-CN']}至${monthDay(end)['zh-CN']}`, `${start} to ${end}`);
    const recipients: Recipient[] = [];
    for (const { grid, leaders, missing } of await returnsStatus(street, period)) {
      if (!missing.length) continue;
      // The same words for every member (no unit name): identical private messages go out in batch sends.
      const text = bi(`【报表提醒】${monthName(period)['zh-CN']}统计报表报送期为 ${window['zh-CN']}，即将结束。您单位的报表报送完成后，请发送 /已报 确认。`,
        `Statistical returns: the ${period} window is ${window.en} and closes soon. Once your unit has filed, send /filed.`);
      for (const person of missing) recipients.push({ person, grid: grid.code, text });
      const names = missing.map((p) => p.name).join('、');
      for (const person of leaders) {
        recipients.push({
          person,
          grid: grid.code,
          topic: 'list',
          text: bi(`【报表情况】${grid.name}（${grid.code}）还有 ${missing.length} 人未确认报送${monthName(period)['zh-CN']}报表（${window['zh-CN']}）：${names}`,
            `Returns: in ${grid.name} (${grid.code}) ${missing.length} member(s) have not confirmed the ${period} returns (${window.en}): ${names}`),
        });
      }
    }
    return reachPeople(runtime, recipients);
  },
});
