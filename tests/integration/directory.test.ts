import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/core/dispatch.js';
import { AuditLogModel } from '../../src/store/models/auditLog.js';
import { MemberModel } from '../../src/store/models/member.js';
import { phoneOf, seedSmallDistrict, type Handle } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

let t: TestApp;
/** The first reply to a line from a console user (a person's id is their phone), in a grid's group. */
const one = async (as: string, text: string, chat = 'JS-01') => (await t.say(text, { as, chat }))[0]!;

const membershipsOf = async (phone: string) =>
  (await MemberModel.findOne({ phone }, { memberships: 1 }).lean())?.memberships.map((m) => `${m.grid}:${m.role}`);

async function unchanged(run: () => Promise<void>) {
  const before = JSON.stringify(await MemberModel.find().sort({ phone: 1 }).lean());
  const audits = await AuditLogModel.countDocuments();
  await run();
  expect(JSON.stringify(await MemberModel.find().sort({ phone: 1 }).lean())).toBe(before);
  expect(await AuditLogModel.countDocuments()).toBe(audits);
}

beforeAll(async () => {
  t = await startTestApp();
  await seedSmallDistrict();
});
afterAll(() => t.close());

describe('a leader changes the grid’s directory', () => {
  it('adds a new person, who can then register', async () => {
    expect(await one(phoneOf('leader1'), '/加成员 新成员 138-0000-1111 温州新成员有限公司')).toBe(
      '已把 新成员（138****1111）加入 景山工业网格1 通讯录。请其私聊我发送 /登记 姓名 手机号。',
    );
    expect(await MemberModel.findOne({ phone: '13800001111' }).lean()).toMatchObject({
      name: '新成员', unit: '温州新成员有限公司', memberships: [{ grid: 'JS-01', role: 'member' }], identities: [],
    });
    expect(await one('wx-new-member', '/登记 新成员 13800001111')).toContain('等待 一格长、一副长 确认');
    const audit = await AuditLogModel.findOne({ command: 'addmember' }).lean();
    expect(audit).toMatchObject({ result: 'ok', grid: 'JS-01', detail: 'added 新成员 138****1111 to JS-01' });
  });

  it('adds a person already in another grid, keeping their other membership', async () => {
    expect(await one(phoneOf('leader1'), `/addmember 二组员 ${phoneOf('member2')}`)).toContain('is now in the directory of 景山工业网格1');
    expect(await membershipsOf(phoneOf('member2'))).toEqual(['JS-02:member', 'JS-01:member']);
  });

  it('refuses a phone that belongs to someone else, a deputy, and a member, writing nothing', async () => {
    await unchanged(async () => {
      expect(await one(phoneOf('leader1'), `/加成员 张冒名 ${phoneOf('memberXQ')}`)).toBe('手机号 139****0032 在通讯录里是「新组员」，请核对。');
      expect(await one(phoneOf('deputy1'), '/加成员 某人 13800002222')).toBe('只有网格长、街道管理员、区统计局管理员可以使用 /加成员。');
      expect(await one(phoneOf('member1'), '/删成员 一组员乙')).toBe('只有网格长、街道管理员、区统计局管理员可以使用 /删成员。');
      expect(await one(phoneOf('leader1'), '/加成员 某人 12345')).toBe('格式不对。用法：/加成员 姓名 手机号 [单位]');
    });
  });

  it('removes a member by name or phone, but never the leader or someone outside the grid', async () => {
    await unchanged(async () => {
      expect(await one(phoneOf('leader1'), '/删成员 一格长')).toBe('不能移出网格长。更换网格长请街道管理员发送 /设置网格长。');
      expect(await one(phoneOf('leader1'), '/删成员 新组员')).toBe('本网格通讯录里没有「新组员」。');
    });
    expect(await one(phoneOf('leader1'), `/删成员 ${phoneOf('member2')}`)).toBe('已把 二组员（139****0022）移出 景山工业网格1 通讯录。');
    expect(await membershipsOf(phoneOf('member2'))).toEqual(['JS-02:member']);
    expect(await AuditLogModel.countDocuments({ command: 'removemember', result: 'ok' })).toBe(1);
  });

  it('asks for the phone when two members share a name', async () => {
    await one(phoneOf('leader1'), '/加成员 一组员 13800003333');
    await unchanged(async () => {
      expect(await one(phoneOf('leader1'), '/删成员 一组员')).toBe('有 2 人叫「一组员」（一组员 139****0013、一组员 138****3333），请改用手机号。');
    });
  });
});

describe('a street admin appoints leaders', () => {
  it('makes a member the leader, the former leader a member, and says so', async () => {
    expect(await one(phoneOf('streetJS'), `/设置网格长 JS-01 一组员乙`, 'JS')).toBe(
      '已设 一组员乙 为 景山工业网格1（JS-01）的网格长。原网格长 一格长 改为网格员。',
    );
    expect(await membershipsOf(phoneOf('member1b'))).toEqual(['JS-01:leader']);
    expect(await membershipsOf(phoneOf('leader1'))).toEqual(['JS-01:member', 'JS:member']);
    expect(await AuditLogModel.findOne({ command: 'setleader' }).lean()).toMatchObject({ detail: 'JS-01 leader: 一组员乙, replacing 一格长' });
  });

  it('appoints a deputy from outside the grid without touching the leader', async () => {
    expect(await one(phoneOf('streetJS'), `/setleader js-02 ${phoneOf('member1c')} deputy`, 'JS')).toBe(
      '一组员丙 is now deputy of 景山贸易网格2 (JS-02).',
    );
    expect(await membershipsOf(phoneOf('member1c'))).toEqual(['JS-01:member', 'JS-02:deputy']);
    expect(await membershipsOf(phoneOf('leader2'))).toEqual(['JS-02:leader']);
  });

  it.each([
    ['another street’s grid', 'streetJS', '/设置网格长 XQ-01 新组员', '您只能设置本街道网格的网格长。'],
    ['a street grid', 'streetJS', '/设置网格长 JS 一组员', '这里只设置三级网格的网格长；街道和区级网格的由区统计局维护。'],
    ['an unknown grid', 'streetJS', '/设置网格长 JS-09 一组员', '没有编号为 JS-09 的网格，请核对。'],
    ['an unknown person', 'streetJS', '/设置网格长 JS-01 路人甲', '通讯录里没有「路人甲」。请先由网格长在本网格群里 /加成员。'],
    ['a bad role', 'streetJS', '/设置网格长 JS-01 一组员乙 组长', '「组长」应为 网格长 或 副。'],
    ['a grid leader', 'leader2', '/设置网格长 JS-02 二组员', '只有街道管理员、区统计局管理员可以使用 /设置网格长。'],
  ])('refuses %s, writing nothing', async (_what, who, text, expected) => {
    await unchanged(async () => {
      expect(await one(phoneOf(who as Handle), text, 'JS')).toBe(expected);
    });
  });

  it('leaves a grid exactly one leader when two appointments come at once', async () => {
    const leadersOf = async (grid: string) =>
      (await MemberModel.find({ 'memberships.grid': grid }).lean()).filter((m) => m.memberships.some((ms) => ms.grid === grid && ms.role === 'leader')).map((m) => m.name);
    for (let round = 0; round < 8; round++) {
      const leader = (await leadersOf('JS-02'))[0];
      const [a, b] = ['二格长', '二组员', '一组员丙'].filter((n) => n !== leader);
      const lines = [t.message(`/设置网格长 JS-02 ${a}`, { as: phoneOf('streetJS'), chat: 'JS' }), t.message(`/设置网格长 JS-02 ${b}`, { as: phoneOf('bureau'), chat: 'OH' })];
      const replies = await Promise.all(lines.map((m) => dispatch(m, t.app.router, t.app.services)));
      expect(replies.flat().map((r) => r.text).join('\n')).toContain('的网格长');
      expect(await leadersOf('JS-02')).toHaveLength(1);
    }
  });

  it('keeps the deputy a deputy when a new leader is appointed, and says so when the deputy is the one promoted', async () => {
    expect(await membershipsOf(phoneOf('deputy1'))).toEqual(['JS-01:deputy']);
    expect(await one(phoneOf('streetJS'), `/设置网格长 JS-01 ${phoneOf('member1')}`, 'JS')).toBe('已设 一组员 为 景山工业网格1（JS-01）的网格长。原网格长 一组员乙 改为网格员。');
    expect(await membershipsOf(phoneOf('deputy1'))).toEqual(['JS-01:deputy']);
    expect(await one(phoneOf('streetJS'), '/设置网格长 JS-01 一副长', 'JS')).toBe(
      '已设 一副长 为 景山工业网格1（JS-01）的网格长（原为副网格长）。原网格长 一组员 改为网格员。',
    );
  });

  it('lets the bureau appoint in any street', async () => {
    expect(await one(phoneOf('bureau'), '/设置网格长 XQ-01 新组员 副', 'OH')).toBe('已设 新组员 为 新桥工业网格1（XQ-01）的副网格长。');
  });
});
