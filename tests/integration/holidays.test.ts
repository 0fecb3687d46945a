import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { atLocal } from '../../src/domain/chinaTime.js';
import { saveBureauYear } from '../../src/store/calendarYears.js';
import { phoneOf, seedSmallDistrict, type Handle } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/testApp.js';
import { changedCollections, storeSnapshot } from '../support/writeWatch.js';

/** Tuesday 8 December 2026, 10:00 in China. */
const clock = new ManualClock(atLocal('2026-12-08', '10:00'));
let t: TestApp;

const one = async (who: Handle, text: string, chat = 'OH') => (await t.say(text, { as: phoneOf(who), chat })).join('\n');

beforeAll(async () => {
  t = await startTestApp({ clock });
  await seedSmallDistrict();
});
afterAll(() => t.close());

describe('/节假日: the bureau lists a year of the calendar', () => {
  it("shows this year's from the package, the year in no reply where it is this year", async () => {
    const reply = await one('bureau', '/节假日');
    expect(reply.split('\n')[0]).toBe('2026 年节假日：国家日历（软件包）');
    expect(reply).toMatch(/放假（不含周末）：1月1日（周四）、/);
    expect(reply).toMatch(/调休上班：.*1月4日（周日）/);
  });

  it('says next year has no data yet, and how to enter it', async () => {
    expect(await one('bureau', '/节假日 明年')).toBe(
      '2027 年节假日：没有数据\n请在国务院办公厅发布通知后录入：npm run admin -- calendar set 2027 文件。录入前只按周末算，提醒和升级会落在节日上。',
    );
  });

  it('shows what the bureau entered, with the year where it is not this year', async () => {
    await saveBureauYear({ year: 2027, holidays: ['2027-01-01'], workdays: ['2027-01-09'] }, 'test', clock.now());
    expect(await one('bureau', '/节假日 2027年')).toBe('2027 年节假日：局里录入\n放假（不含周末）：2027年1月1日（周五）\n调休上班：2027年1月9日（周六）');
  });

  it.each([
    ['a year too far', 'bureau', '/节假日 后年', 'OH', '「后年」不是有效的年份，请写 2000 到 2027 之间的年份，例如 2026 或 今年。'],
    ['no year at all', 'bureau', '/节假日 天气', 'OH', '「天气」不是有效的年份，请写 2000 到 2027 之间的年份，例如 2026 或 今年。'],
    ['a street admin', 'streetJS', '/节假日', 'JS', '只有区统计局管理员可以使用 /节假日。'],
    ['a member', 'member1', '/节假日 明年', 'JS-01', '只有区统计局管理员可以使用 /节假日。'],
  ])('refuses %s clearly, writing nothing', async (_what, who, text, chat, expected) => {
    const before = await storeSnapshot(new Set());
    expect(await one(who as Handle, text, chat)).toBe(expected);
    expect(changedCollections(before, await storeSnapshot(new Set()))).toEqual([]);
  });
});
