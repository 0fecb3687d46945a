import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { atLocal } from '../../src/domain/chinaTime.js';
import { noticeFollowUp } from '../../src/reminders/bureauNotices.js';
import { planKind, REMINDER_QUEUE } from '../../src/reminders/occurrence.js';
import { ChatBindingModel } from '../../src/store/models/chatBinding.js';
import { GridModel } from '../../src/store/models/grid.js';
import { identityKey, MemberModel } from '../../src/store/models/member.js';
import { NoticeModel } from '../../src/store/models/notice.js';
import { NoticeAckModel } from '../../src/store/models/noticeAck.js';
import { phoneOf, seedSmallDistrict } from '../support/fixtures.js';
import { startTestApp, untilIdle, waitFor, type TestApp } from '../support/testApp.js';

const GROUPS = 1000;
const IN_JS = 600;
const clock = new ManualClock(atLocal('2026-11-24', '10:00'));
let t: TestApp;

const code = (i: number) => `BG-${String(i).padStart(4, '0')}`;
const phone = (i: number) => `1380000${String(i).padStart(4, '0')}`;

beforeAll(async () => {
  t = await startTestApp({ clock });
  await seedSmallDistrict();
  const all = Array.from({ length: GROUPS }, (_, k) => k + 1);
  await GridModel.insertMany(all.map((i) => {
    const street = i <= IN_JS ? 'JS' : 'XQ';
    return { code: code(i), name: `服务网格${i}`, level: 3, industry: '服务业', parent: street, street };
  }));
  await ChatBindingModel.insertMany(all.map((i) => ({ platform: 'console', chatId: code(i).toLowerCase(), grid: code(i) })));
  await MemberModel.insertMany(all.map((i) => ({
    name: `统计员${i}`, phone: phone(i), memberships: [{ grid: code(i), role: 'member' }], identities: [identityKey('console', phone(i))],
  })));
});
afterAll(() => t.close());

/**
 * Sends many lines through the pipeline at once and returns the reply each chat got (one line per
 * chat here), read from what was delivered: waiting on each event's jobs would scan the whole queue.
 */
async function sayAll(lines: Array<{ text: string; as: string; chat: string }>): Promise<string[]> {
  const from = t.sender.sent.length;
  await Promise.all(lines.map((l) => t.app.inbox.accept(t.message(l.text, { as: l.as, chat: l.chat }))));
  const replies = await waitFor(() => {
    const got = t.sender.sent.slice(from).filter((m) => !m.title);
    return got.length >= lines.length ? got : undefined;
  }, 60_000, `${lines.length} replies`);
  const byChat = new Map(replies.map((m) => [m.chatId, m.text]));
  return lines.map((l) => byChat.get(l.chat)!);
}

describe('bureau broadcasts', () => {
  it('refuses a notice from a non-admin, and bad options, and sends nothing', async () => {
    expect(await t.say('/通知 周五培训', { as: phoneOf('leader1'), chat: 'JS-01' })).toEqual(['只有区统计局管理员可以使用 /通知。']);
    expect(await t.say('/通知 街道=ZZ 周五培训', { as: phoneOf('bureau'), chat: 'OH' })).toEqual([expect.stringMatching(/^没有找到街道「ZZ」。可用：JS 景山街道统计网格/)]);
    expect(await t.say('/通知 街道=JS', { as: phoneOf('bureau'), chat: 'OH' })).toEqual([expect.stringContaining('发送格式：/通知 [街道=JS,XQ]')]);
    expect(await t.say('/通知 级别=2 行业=贸易 周五培训', { as: phoneOf('bureau'), chat: 'OH' })).toEqual(['这个范围内没有已绑定群的网格，通知未发出。']);
    expect(await NoticeModel.countDocuments()).toBe(0);
    expect(t.sender.sent.filter((m) => m.title)).toEqual([]);
  });

  it(`reaches each of ${GROUPS} groups once, with a 收到 button`, async () => {
    expect(await t.say('/通知 行业=服务业 请于周五前完成年报培训报名', { as: phoneOf('bureau'), chat: 'OH' })).toEqual([
      `通知 N-0001 正在发往 ${GROUPS} 个网格的群。查看确认情况：/通知情况 N-0001`,
    ]);
    const notices = () => t.sender.sent.filter((m) => m.title === '区统计局通知 N-0001');
    await waitFor(() => notices().length >= GROUPS || undefined, 60_000, 'the broadcast delivered');
    await untilIdle(t.app.queue('outbound'), { delayed: true });
    const perChat = new Map<string, number>();
    for (const m of notices()) perChat.set(m.chatId!, (perChat.get(m.chatId!) ?? 0) + 1);
    expect(perChat.size).toBe(GROUPS);
    expect([...perChat.values()].every((n) => n === 1)).toBe(true);
    expect(notices()[0]).toMatchObject({ text: '请于周五前完成年报培训报名', buttons: [{ label: '收到', command: '/收到 N-0001' }] });
    expect(await NoticeModel.findOne({ code: 'N-0001' }).lean()).toMatchObject({ groups: GROUPS, industries: ['服务业'] });
  });

  it('counts acknowledgements exactly, by street and grid', async () => {
    const typed = Array.from({ length: 100 }, (_, k) => ({ text: '/收到', as: phone(k + 1), chat: code(k + 1).toLowerCase() }));
    const pressed = Array.from({ length: 50 }, (_, k) => ({ text: '/收到 N-0001', as: phone(IN_JS + k + 1), chat: code(IN_JS + k + 1).toLowerCase() }));
    const replies = await sayAll([...typed, ...pressed]);
    expect(replies[0]).toBe('统计员1，已确认收到通知 N-0001。');
    expect(replies.every((r) => r.includes('已确认收到通知 N-0001'))).toBe(true);
    const again = await sayAll(typed.slice(0, 10).map((l) => ({ ...l, text: '/收到 1' })));
    expect(again.every((r) => r === '您已确认过通知 N-0001。')).toBe(true);
    expect(await NoticeAckModel.countDocuments({ notice: 'N-0001' })).toBe(150);

    const bureau = (await t.say('/通知情况 N-0001', { as: phoneOf('bureau'), chat: 'OH' }))[0]!;
    expect(bureau).toContain(`发往 ${GROUPS} 个群，已确认 150/${GROUPS} (15%)`);
    expect(bureau).toContain('景山街道统计网格：100/600 (17%)');
    expect(bureau).toContain('新桥街道统计网格：50/400 (13%)');
    const street = (await t.say('/notices 1', { as: phoneOf('streetJS'), chat: 'JS' }))[0]!;
    expect(street).toContain('acknowledged 100/600 (17%)');
    expect(street).toContain('BG-0001 服务网格1：1/1 (100%)');
    expect(street).toContain('BG-0101 服务网格101：0/1 (0%)');
    expect(street).not.toContain('BG-0601');
  });

  it('reminds, once and after the delay, only the groups with members who have not acknowledged', async () => {
    clock.set(atLocal('2026-11-25', '09:59'));
    const queue = t.app.queue(REMINDER_QUEUE);
    const promoteFollowUps = async () => {
      await planKind(t.app.services, noticeFollowUp);
      await Promise.all((await queue.getDelayed()).filter((j) => j.name === 'noticeFollowUp').map((j) => j.promote()));
      await untilIdle(queue);
      await untilIdle(t.app.queue('outbound'), { delayed: true, timeoutMs: 60_000 });
    };
    const reminders = () => t.sender.sent.filter((m) => m.text.startsWith('【通知提醒】N-0001'));
    await promoteFollowUps();
    expect(reminders()).toEqual([]); // 24 hours have not passed

    clock.set(atLocal('2026-11-25', '10:00'));
    await promoteFollowUps();
    await promoteFollowUps();
    const sent = reminders();
    expect(sent).toHaveLength(GROUPS - 150);
    expect(new Set(sent.map((m) => m.chatId)).size).toBe(GROUPS - 150);
    expect(sent.some((m) => m.chatId === 'bg-0001' || m.chatId === 'bg-0601')).toBe(false);
    const one = sent.find((m) => m.chatId === 'bg-0101')!;
    expect(one.mentions).toEqual([phone(101)]);
    expect(one.text).toContain('还有 1 人未确认收到：统计员101');
  });
});
