import { describe, expect, it } from 'vitest';
import { useDemoConsole } from '../support/consoleSession.js';
import { ManualClock } from '../../src/core/clock.js';
import { atLocal } from '../../src/domain/chinaTime.js';

/** The README's walkthrough, typed into the console chat of the demo district, on Tuesday 8 December 2026. */
const { type, session } = useDemoConsole(new ManualClock(atLocal('2026-12-08', '10:00')));

describe('a newcomer in the demo district', () => {
  it('creates an activity, checks in as two members, asks leave as a third, and sees the attendance as the leader', async () => {
    const leader = /当前身份：(\S+)，/.exec(session().transcript())![1]!;
    const homes = await type('/统计之家', '统计之家（');
    const home = /\n(\S+-H) /.exec(homes)![1]!;

    // Numbered after the activities of the demo district's year.
    const announced = await type(`/活动 例会 明天下午3点 ${home} 四季度统计例会`, /\[按钮 签到\] → \/签到 A-\d{4}/);
    const code = /【活动通知 (A-\d{4})】/.exec(announced)![1]!;
    expect(Number(code.slice(2))).toBeGreaterThan(200);
    expect(announced).toContain('时间：12月9日（周三）15:00');
    expect(announced).toContain('签到：12月9日（周三）14:30–15:30');
    await type(':time 明天14:45', '演示时间：12月9日（周三）14:45');

    const people = await type(':as', '用 :as 姓名 切换身份');
    const members = [...people.matchAll(/^ {2}(\S+)（网格员）/gm)].map((m) => m[1]!);
    expect(members.length).toBeGreaterThanOrEqual(3);
    const [first, second, third] = members as [string, string, string];

    await type(`:as ${first}`, `现在以 ${first}`);
    await type('/签到', `签到成功：${first}，${code} 例会「四季度统计例会」，14:45。`);
    await type(`:as ${second}`, `现在以 ${second}`);
    await type(`/签到 ${code}`, `签到成功：${second}`);
    await type(`:as ${third}`, `现在以 ${third}`);
    await type('/请假 家里有事', `已请假：${third}，${code} 例会「四季度统计例会」（家里有事）。`);

    await type(`:as ${leader}`, `现在以 ${leader}`);
    const roster = await type('/考勤', '出勤率');
    expect(roster).toMatch(/应到 \d+ 人：签到 3，请假 1，未签到 \d+，出勤率 \d+%/);
    expect(roster).toContain(`签到：${first} 14:45、${second} 14:45、${leader}（组织）`);
    expect(roster).toContain(`请假：${third}（家里有事）`);
  });
});
