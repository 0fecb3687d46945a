import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLogModel } from '../../src/store/models/auditLog.js';
import { ChatBindingModel } from '../../src/store/models/chatBinding.js';
import { MemberModel } from '../../src/store/models/member.js';
import { phoneOf, seedSmallDistrict } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

let t: TestApp;

/** Documents of the domain collections, to prove a refused or invalid command wrote nothing. */
async function snapshot() {
  const [members, bindings, audit] = await Promise.all([
    MemberModel.find().sort({ phone: 1 }).lean(),
    ChatBindingModel.find().sort({ chatId: 1 }).lean(),
    AuditLogModel.countDocuments(),
  ]);
  return JSON.stringify({ members, bindings, audit });
}

beforeAll(async () => {
  t = await startTestApp();
  await seedSmallDistrict();
});
afterAll(() => t.close());

describe('the message path on real FerretDB and Redis', () => {
  it('answers /帮助 and /help in the language of the name typed', async () => {
    const zh = await t.say('/帮助', { as: phoneOf('member1'), chat: 'JS-01' });
    expect(zh[0]).toContain('可用命令');
    expect(zh[0]).toContain('/通讯录');
    expect(zh[0]).not.toContain('/绑定');
    const en = await t.say('/help', { as: phoneOf('streetJS'), chat: 'JS-01' });
    expect(en[0]).toContain('Commands you can use');
    expect(en[0]).toContain('/bind');
  });

  it('suggests the closest command for an unknown one and writes nothing', async () => {
    const before = await snapshot();
    expect(await t.say('/通讯', { as: phoneOf('member1'), chat: 'JS-01' })).toEqual([
      '没有 /通讯 这个命令，您是不是要用 /通讯录？发送 /帮助 查看全部命令。',
    ]);
    expect(await t.say('/regster 张三 13900000099', { as: 'stranger', chat: 'JS-01' })).toEqual([
      'There is no /regster command. Did you mean /register? Send /help for all commands.',
    ]);
    expect(await snapshot()).toBe(before);
  });

  it('answers wrong arguments with the usage and writes nothing', async () => {
    const before = await snapshot();
    expect(await t.say('/登记 未登记 12345', { as: 'new-user', chat: 'JS-01' })).toEqual(['格式不对。用法：/登记 姓名 手机号']);
    expect(await t.say('/bind', { as: phoneOf('streetJS'), chat: 'JS-02' })).toEqual(['Wrong arguments. Usage: /bind GRIDCODE']);
    expect(await t.say('/登记 "未登记 13900000099', { as: 'new-user', chat: 'JS-01' })).toEqual(['引号没有配对，请检查后重新发送。']);
    expect(await snapshot()).toBe(before);
  });

  it('refuses a caller without the role, saying who may, and writes nothing', async () => {
    const before = await snapshot();
    expect(await t.say('/绑定 JS-02', { as: phoneOf('leader1'), chat: 'new-group' })).toEqual([
      '只有街道管理员、区统计局管理员可以使用 /绑定。',
    ]);
    expect(await t.say('/通讯录', { as: 'stranger', chat: 'JS-01' })).toEqual(['您还没有登记。请私聊我发送：/登记 姓名 手机号']);
    expect(await t.say('/通讯录', { as: phoneOf('member2'), chat: 'JS-01' })).toEqual([
      '这是「景山工业网格1」的群，您不在这个网格。请在您所在网格的群里使用 /通讯录。',
    ]);
    expect(await t.say('/设置网格长 JS-01 一组员', { as: phoneOf('leader1'), chat: 'JS-01' })).toEqual([
      '只有街道管理员、区统计局管理员可以使用 /设置网格长。',
    ]);
    expect(await snapshot()).toBe(before);
  });

  it('binds a group to a grid of the admin’s own street only', async () => {
    expect(await t.say('/绑定 XQ-01', { as: phoneOf('streetJS'), chat: 'group-a' })).toEqual(['您只能绑定本街道的网格。']);
    expect(await t.say('/绑定 JS-99', { as: phoneOf('streetJS'), chat: 'group-a' })).toEqual(['没有编号为 JS-99 的网格，请核对。']);
    expect(await ChatBindingModel.countDocuments({ chatId: 'group-a' })).toBe(0);
    expect(await t.say('/绑定 JS-02', { as: phoneOf('streetJS'), chat: 'group-a' })).toEqual([
      '本群已绑定到网格「景山贸易网格2」（JS-02）。',
    ]);
    expect(await ChatBindingModel.findOne({ chatId: 'group-a' }).lean()).toMatchObject({ grid: 'JS-02' });
    expect(await t.say('/bind XQ-01', { as: phoneOf('bureau'), chat: 'group-b' })).toEqual([
      'This group is now bound to the grid "新桥工业网格1" (XQ-01).',
    ]);
    expect(await t.say('/绑定 JS-01', { as: phoneOf('streetJS'), chat: 'p2p-1', chatType: 'p2p' })).toEqual([
      '请在要绑定的群里发送 /绑定。',
    ]);
  });

  it('masks phones in /通讯录 in a group, for every role', async () => {
    const asMember = (await t.say('/通讯录', { as: phoneOf('member1'), chat: 'JS-01' }))[0]!;
    expect(asMember).toContain('一格长｜网格长｜一格长的单位｜139****0011');
    expect(asMember).not.toContain('13900000011');
    const asLeader = (await t.say('/通讯录', { as: phoneOf('leader1'), chat: 'JS-01' }))[0]!;
    expect(asLeader).toContain('一组员｜网格员｜一组员的单位｜139****0013');
    expect(asLeader).not.toContain('13900000013');
    expect(await t.say('/通讯录', { as: phoneOf('member1'), chat: 'unbound' })).toEqual([
      '本群还没有绑定网格。街道或区统计局管理员可发送：/绑定 网格编号',
    ]);
  });

  it('handles a second identical event once', async () => {
    const first = t.message('/绑定 JS-01', { as: phoneOf('streetJS'), chat: 'group-dup', eventId: 'evt-dup-1' });
    const again = { ...first };
    expect(await t.app.inbox.accept(first)).toBe('accepted');
    const replies = await t.settle(first);
    expect(await t.app.inbox.accept(again)).toBe('duplicate');
    expect(await t.app.inbox.accept(again)).toBe('duplicate');
    expect(replies).toHaveLength(1);
    expect(await AuditLogModel.countDocuments({ eventKey: 'console:evt-dup-1' })).toBe(1);
    const delivered = t.sender.sent.filter((m) => m.chatId === 'group-dup');
    expect(delivered).toHaveLength(1);
    expect(await t.app.events.status('console:evt-dup-1')).toBe('done');
  });

  it('re-queues an event accepted but never handled (a crash between accept and handling)', async () => {
    const msg = t.message('/我的', { as: phoneOf('leader1'), chat: 'JS-01', eventId: 'evt-crash-1' });
    expect(await t.app.events.claim('console:evt-crash-1')).toBe('new');
    expect(await t.app.inbox.accept(msg)).toBe('duplicate');
    const replies = await t.settle(msg);
    expect(replies[0]?.text).toContain('一格长');
  });

  it('ignores plain chat not addressed to the bot and hints when it is', async () => {
    const plain = t.message('大家好', { as: phoneOf('member1'), chat: 'JS-01' });
    plain.addressedToBot = false;
    await t.app.inbox.accept(plain);
    expect(await t.settle(plain)).toEqual([]);
    expect(await t.say('你好', { as: phoneOf('member1'), chat: 'JS-01' })).toEqual(['请发送以 / 开头的命令，例如 /帮助。']);
  });
});
