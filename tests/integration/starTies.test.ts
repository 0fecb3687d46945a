import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRun, resultsOf } from '../../src/assessment/runs.js';
import { ManualClock } from '../../src/core/clock.js';
import { dispatch } from '../../src/core/dispatch.js';
import { atLocal } from '../../src/domain/chinaTime.js';
import { AuditLogModel } from '../../src/store/models/auditLog.js';
import { phoneOf, seedSmallDistrict, type Handle } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

/**
 * A street whose members have identical records (nothing recorded all year): six of them tie at 60,
 * its two leaders at 60 behind them (no monthly reports). Eight passers make 1 · 2 · 5 seats, so the
 * tie straddles both boundaries and the street decides it with /评星 调整.
 */
const clock = new ManualClock(atLocal('2026-12-20', '10:00'));
let t: TestApp;
const say = (text: string, as: Handle, chat = 'JS') => t.say(text, { as: phoneOf(as), chat, chatType: 'group' }).then((r) => r.join('\n'));
const stars = async () => Object.fromEntries((await resultsOf((await findRun(2026, 'JS'))!)).map((r) => [r.name, r.stars]));

beforeAll(async () => {
  t = await startTestApp({ clock });
  await seedSmallDistrict();
});
afterAll(() => t.close());

describe('a tie at a star boundary', () => {
  it('keeps the quotas and shows the street the tie to decide; submission waits for it', async () => {
    const reply = await say('/考核 试算', 'streetJS');
    expect(reply).toContain('参评 8 人，合格 8 人（100%）；★★★ 1 · ★★ 2 · ★ 5');
    expect(reply).toContain('⚖ 并列待街道决定：');
    expect(reply).toContain('其中 1 人得 ★★★');
    expect(reply).toContain('其中 3 人得 ★★ 及以上');
    expect(await say('/考核 提交', 'streetJS')).toBe('还有并列名次待街道决定（见 /考核），决定后再提交：/评星 调整 姓名…');
  });

  it('answers every bad decision clearly and changes nothing', async () => {
    const before = (await findRun(2026, 'JS'))!.revision;
    expect(await say('/评星 调整', 'streetJS')).toContain('用法：/评星 调整');
    expect(await say('/评星 调整 一组员', 'member1', 'JS-01')).toBe('只有街道管理员、区统计局管理员可以使用 /评星。');
    expect(await say('/评星 调整 无此人', 'streetJS')).toBe('通讯录里没有「无此人」。');
    expect(await say('/评星 调整 新组员', 'streetJS')).toContain('不在景山街道的考核名单中');
    expect(await say('/评星 调整 一组员 一组员', 'streetJS')).toBe('名单里有人重复了。');
    expect(await say('/评星 调整 一组员 二组员', 'streetJS')).toContain('请在同一组并列的人中按名次列出 1 人 或 3 人');
    expect(await say('/评星 调整 一格长', 'streetJS')).toContain('请在同一组并列的人中按名次列出');
    expect(await say('/评星 调整 2031 一组员', 'streetJS')).toContain('「2031」不是有效的年份');
    expect((await findRun(2026, 'JS'))!.revision).toBe(before);
  });

  it('allots the stars in the order the street names, audited, once for a re-run, kept by a new draft', async () => {
    const first = await say('/评星 调整 一组员', 'streetJS');
    expect(first).toContain('已按街道的决定评星：一组员 ★★★。');
    expect(first).toContain('其中 3 人得 ★★ 及以上');
    const msg = t.message('/评星 调整 一组员 二组员 一副长', { as: phoneOf('streetJS'), chat: 'JS' });
    expect((await dispatch(msg, t.app.router, t.app.services))[0]!.text).toBe('已按街道的决定评星：一组员 ★★★、二组员 ★★、一副长 ★★。\n参评 8 人，合格 8 人（100%）；★★★ 1 · ★★ 2 · ★ 5；奖励 10,000 元');
    const once = (await findRun(2026, 'JS'))!.revision;
    expect((await dispatch(msg, t.app.router, t.app.services))[0]!.text).toBe('已按街道的决定评星。');
    expect((await findRun(2026, 'JS'))!.revision).toBe(once);
    const decided = { 一组员: 3, 二组员: 2, 一副长: 2, 一组员乙: 1, 一组员丙: 1, 未登记: 1, 一格长: 1, 二格长: 1 };
    expect(await stars()).toEqual(decided);
    expect((await AuditLogModel.find({ command: 'stars' }).lean()).map((a) => a.detail)).toContain('tie decided 2026 JS: 一组员, 二组员, 一副长');

    expect(await say('/考核 试算', 'streetJS')).not.toContain('⚖');
    expect(await stars()).toEqual(decided);
    expect(await say('/考核 提交', 'streetJS')).toContain('已提交区统计局确认。');
  });
});
