import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELP_TOPICS } from '../../src/help/topics.js';
import { phoneOf, seedSmallDistrict, type Handle } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

let t: TestApp;
const one = async (who: Handle, text: string, chat = 'JS-01') => (await t.say(text, { as: phoneOf(who), chat })).join('\n');

beforeAll(async () => {
  t = await startTestApp();
  await seedSmallDistrict();
});
afterAll(() => t.close());

describe('help that guides', () => {
  it('groups what a member may use here by topic, common ones first, each with an example', async () => {
    const help = await one('member1', '/帮助');
    expect(help.startsWith('您在这里可用的命令（/帮助 主题 只看一类，例如 /帮助 活动）：')).toBe(true);
    const topics = [...help.matchAll(/【(.+?)】/g)].map((m) => m[1]);
    expect(topics).toEqual(['登记与通讯录', '活动与考勤', '月报与报表', '通知', '问题', '考核与经费']);
    expect(help).toContain('/签到  ');
    expect(help).toContain('例：/请假 A-0012 出差');
    expect(help.indexOf('/签到')).toBeLessThan(help.indexOf('/我的考勤'));
    for (const leaders of ['/活动  ', '/考核  ', '/绑定', '/取消活动']) expect(help).not.toContain(leaders);
  });

  it('gives every command a topic, so none is left under 其他', () => {
    const listed = new Set(HELP_TOPICS.flatMap((topic) => topic.commands.map(([name]) => name)));
    expect(t.app.router.commands.map((c) => c.name).filter((name) => !listed.has(name))).toEqual([]);
  });

  it('shows one topic', async () => {
    const topic = await one('leader1', '/帮助 活动');
    expect(topic.split('\n')[0]).toBe('【活动与考勤】');
    expect(topic).toContain('例：/活动 例会 明天下午3点 JS-H 四季度例会');
    expect(topic).toContain('/取消活动');
    expect(topic).not.toContain('【问题】');
    expect(await one('member1', '/帮助 天气')).toBe('没有 /天气 这个命令或主题。主题：登记与通讯录、活动与考勤、月报与报表、通知、问题、考核与经费、其他。');
  });

  it('suggests only commands the person may use', async () => {
    // Not /考核, which only a street admin may use.
    expect(await one('member1', '/考情')).toBe('没有 /考情 这个命令，您是不是要用 /考勤？发送 /帮助 查看全部命令。');
    expect(await one('member1', '/考核结')).toBe('没有 /考核结 这个命令，您是不是要用 /考核结果？发送 /帮助 查看全部命令。');
    expect(await one('streetJS', '/考合', 'JS')).toMatch(/^没有 \/考合 这个命令，您是不是要用 \/考[勤核]/);
    expect((await t.say('/考情', { as: 'stranger', chat: 'JS-01' }))[0]).not.toContain('/考勤');
  });

  it('tells a member of another grid whose group this is, rather than naming a role she has', async () => {
    expect(await one('member2', '/通讯录')).toBe('这是「景山工业网格1」的群，您不在这个网格。请在您所在网格的群里使用 /通讯录。');
    expect(await one('member2', '/通讯录', 'JS-02')).toContain('二组员');
  });
});
