import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/core/types.js';
import forgetTask from '../../src/admin/tasks/forget.js';
import { IDENTITY } from '../../src/identity/texts.js';
import { MSG } from '../../src/i18n/messages.js';
import { AuditLogModel } from '../../src/store/models/auditLog.js';
import { ChatIdentityModel } from '../../src/store/models/chatIdentity.js';
import { MemberModel } from '../../src/store/models/member.js';
import { PendingRegistrationModel } from '../../src/store/models/pendingRegistration.js';
import { phoneOf, seedSmallDistrict, type Handle } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

/*
 * Registration proves who someone is: typing a colleague's name and phone makes a claim that one of
 * their leaders confirms or refuses on a private card; until then the account can do nothing that
 * needs a role. Unlinking, the audit log and group replies keep phones out of sight.
 */

let t: TestApp;
const zh = (text: { 'zh-CN': string }) => text['zh-CN'];
// Not inside an id: a random UUID or ObjectId in hex can hold eleven digits that look like a mobile number.
const FULL_MOBILE = /(?<![\dA-Za-z])1[3-9]\d{9}(?![\dA-Za-z])/;

/** All messages one line caused: the reply in its chat first, private ones after. */
async function send(as: string, text: string, chat = 'p2p', chatType: 'group' | 'p2p' = chat === 'p2p' ? 'p2p' : 'group'): Promise<OutboundMessage[]> {
  const msg = t.message(text, { as, chat: chat === 'p2p' ? `p2p-${as}` : chat, chatType });
  await t.app.inbox.accept(msg);
  return t.settle(msg);
}
const replyTo = async (as: string, text: string, chat?: string) => (await send(as, text, chat)).find((m) => !m.userId)!.text;
const privateTo = (messages: OutboundMessage[], userId: string) => messages.filter((m) => m.userId === userId);
const numberIn = (text: string) => /R-\d{4}/.exec(text)![0];
const identitiesOf = async (phone: string) => (await MemberModel.findOne({ phone }).lean())!.identities;
const leader = (h: Handle = 'leader1') => phoneOf(h);

beforeAll(async () => {
  t = await startTestApp();
  await seedSmallDistrict();
});
afterAll(() => t.close());

describe('registration waits for a leader', () => {
  let claim = '';
  let forged = '';

  it('a claim says what is kept and who confirms, and sends the leader and deputy a private card with the phone tail only', async () => {
    const out = await send('wx-claim', '/登记 未登记 13900000099');
    const reply = out.find((m) => !m.userId)!;
    expect(reply.text).toMatch(/^已提交登记申请 R-\d{4}，等待 (一格长、一副长|一副长、一格长) 确认，确认后会通知您。\n我们只保存您的姓名、手机号和聊天账号/);
    claim = numberIn(reply.text);
    for (const h of ['leader1', 'deputy1'] as Handle[]) {
      const [card] = privateTo(out, phoneOf(h));
      expect(card).toMatchObject({ title: '登记确认', buttons: [{ label: '确认', command: `/确认登记 ${claim}` }, { label: '拒绝', command: `/拒绝登记 ${claim}` }] });
      expect(card!.text).toContain('未登记（手机尾号 0099）申请关联此聊天账号');
      expect(card!.text).not.toMatch(FULL_MOBILE);
    }
    expect(await identitiesOf('13900000099')).toEqual([]);
  });

  it('a second account typing the same name and phone does not become them: it is a second claim, refused by the leader', async () => {
    const out = await send('wx-thief', '/登记 未登记 13900000099', 'JS-01');
    const reply = out.find((m) => !m.userId)!.text;
    // In a group: the number is not repeated, and the private chat is suggested.
    expect(reply).not.toContain('13900000099');
    expect(reply).toContain(zh(IDENTITY.privateNextTime));
    forged = numberIn(reply);
    expect(forged).not.toBe(claim);
    expect(await replyTo(leader(), `/拒绝登记 ${forged}`)).toBe(`已拒绝 ${forged}（未登记）。`);
    expect(await replyTo('wx-thief', '/我的', 'JS-01')).toBe(zh(MSG.notRegistered));
    expect(await identitiesOf('13900000099')).toEqual([]);
  });

  it('sending /登记 again finds the same claim and asks no one twice', async () => {
    const again = await send('wx-claim', '/登记 未登记 13900000099');
    expect(again.map((m) => m.text)).toEqual([expect.stringContaining(`已提交登记申请 ${claim}，等待`)]);
  });

  it('a pending account can do nothing that needs a role', async () => {
    for (const line of ['/我的', '/通讯录', '/签到', '/问题 想问一下', '/注销']) {
      expect(await replyTo('wx-claim', line, 'JS-01'), line).toBe(zh(IDENTITY.stillPending));
    }
    expect(await AuditLogModel.countDocuments({ actorName: '未登记' })).toBe(0);
  });

  it('only its confirmers decide it, once', async () => {
    expect(await replyTo(phoneOf('member1'), `/确认登记 ${claim}`)).toBe(zh(IDENTITY.notYours));
    expect(await replyTo(phoneOf('leaderXQ'), `/确认登记 ${claim}`)).toBe(zh(IDENTITY.notYours));
    expect(await replyTo(leader(), `/确认登记 ${forged}`)).toBe(zh(IDENTITY.noSuchRegistration(forged)));
  });

  it('the leader\'s 确认 links the account, tells the applicant, and is audited', async () => {
    const out = await send(leader(), `/确认登记 ${claim}`);
    expect(out.find((m) => !m.userId)!.text).toBe(`已确认 ${claim}：未登记 的聊天账号已关联。`);
    expect(privateTo(out, 'wx-claim').map((m) => m.text)).toEqual(['登记成功，未登记（由 一格长 确认）。\n发送 /帮助 查看您可用的命令。']);
    expect(await identitiesOf('13900000099')).toEqual(['console:wx-claim']);
    expect(await replyTo('wx-claim', '/我的', 'JS-01')).toContain('景山工业网格1（JS-01）：网格员');
    expect(await replyTo(phoneOf('deputy1'), `/确认登记 ${claim}`)).toBe(zh(IDENTITY.noSuchRegistration(claim)));
    expect(await PendingRegistrationModel.countDocuments()).toBe(0);
    const audit = await AuditLogModel.find({ command: { $in: ['register', 'confirmreg', 'refusereg'] } }).sort({ at: 1 }).lean();
    // Each claim is audited, also one sent again (an attempt to take someone over is worth a line).
    expect(audit.map((a) => [a.command, a.result])).toEqual([['register', 'ok'], ['register', 'ok'], ['refusereg', 'ok'], ['register', 'ok'], ['confirmreg', 'ok']]);
    expect(audit.at(-1)!.detail).toBe(`confirmed ${claim}: linked console:wx-claim to member ${audit.at(-1)!.detail!.split(' ').at(-1)}`);
  });

  it('a person already linked on the platform is refused plainly, writing nothing', async () => {
    const before = await PendingRegistrationModel.countDocuments();
    expect(await replyTo('wx-late', '/登记 未登记 13900000099')).toBe(zh(IDENTITY.taken));
    expect(await PendingRegistrationModel.countDocuments()).toBe(before);
  });

  it('of two claims confirmed at the same moment, one links and the other is told the person is taken', async () => {
    const [a, b] = await Promise.all(['wx-race-a', 'wx-race-b'].map((as) => replyTo(as, `/登记 一组员丙 ${phoneOf('member1c')}`)));
    // member1c has a console account already (the fixtures link everyone): unlink it first.
    expect(a).toBe(zh(IDENTITY.taken));
    expect(b).toBe(zh(IDENTITY.taken));
    await replyTo(leader(), `/解绑 一组员丙`, 'JS-01');
    const numbers = await Promise.all(['wx-race-a', 'wx-race-b'].map(async (as) => numberIn(await replyTo(as, `/登记 一组员丙 ${phoneOf('member1c')}`))));
    const replies = await Promise.all(numbers.map((n, i) => replyTo(leader(i ? 'deputy1' : 'leader1'), `/确认登记 ${n}`)));
    expect(replies.filter((r) => r.startsWith('已确认'))).toHaveLength(1);
    expect(replies.filter((r) => r.includes('未能关联'))).toHaveLength(1);
    expect(await identitiesOf(phoneOf('member1c'))).toHaveLength(1);
  });
});

describe('unlinking', () => {
  it('a leader unlinks a person\'s accounts with /解绑; the person is told, the change audited, a second time is no change', async () => {
    const out = await send(leader(), '/解绑 未登记', 'JS-01');
    expect(out.find((m) => !m.userId)!.text).toBe('已解除 未登记 的 1 个聊天账号关联，其需重新 /登记。');
    expect(privateTo(out, 'wx-claim')).toHaveLength(1);
    expect(await identitiesOf('13900000099')).toEqual([]);
    expect(await ChatIdentityModel.exists({ _id: 'console:wx-claim' })).toBeNull();
    expect(await replyTo('wx-claim', '/我的', 'JS-01')).toBe(zh(MSG.notRegistered));
    const audits = await AuditLogModel.countDocuments({ command: 'unlink' });
    expect(await replyTo(leader(), '/解绑 未登记', 'JS-01')).toBe(zh(IDENTITY.nothingToUnlink('未登记')));
    expect(await AuditLogModel.countDocuments({ command: 'unlink' })).toBe(audits);
    expect(await AuditLogModel.findOne({ command: 'unlink', detail: /wx-claim/ }).lean()).toMatchObject({ result: 'ok', actorName: '一格长' });
    expect(await replyTo(phoneOf('member1'), '/解绑 一组员乙', 'JS-01')).toMatch(/^只有网格长/);
    expect(await replyTo(leader(), '/解绑 新组员', 'JS-01')).toBe(zh(IDENTITY.notInGrid('新组员')));
  });

  it('a person unlinks their own account with /注销, audited', async () => {
    expect(await replyTo(phoneOf('member1b'), '/注销')).toBe(zh(IDENTITY.unregisterFirst('一组员乙')));
    expect(await identitiesOf(phoneOf('member1b'))).toEqual([`console:${phoneOf('member1b')}`]);
    expect(await replyTo(phoneOf('member1b'), '/注销 确认')).toBe(zh(IDENTITY.unregistered('一组员乙')));
    expect(await identitiesOf(phoneOf('member1b'))).toEqual([]);
    expect(await replyTo(phoneOf('member1b'), '/我的')).toBe(zh(MSG.notRegistered));
    expect(await AuditLogModel.findOne({ command: 'unregister' }).lean()).toMatchObject({ result: 'ok', actorName: '一组员乙' });
  });
});

describe('npm run admin -- forget PHONE', () => {
  it('unlinks the person\'s accounts, drops claims to be them, and masks the accounts in the audit log', async () => {
    const phone = phoneOf('member1c');
    const [account] = await identitiesOf(phone);
    expect(account).toMatch(/^console:wx-race-[ab]$/);
    expect(await AuditLogModel.countDocuments({ detail: { $regex: account! } })).toBeGreaterThan(0);
    await replyTo('wx-claim-again', `/登记 一组员丙 ${phone}`); // refused: linked already, so no claim
    const out: string[] = [];
    expect(await forgetTask.run([phone], t.app, (l) => out.push(l))).toBe(0);
    expect(out).toEqual([expect.stringMatching(/^一组员丙（139\*\*\*\*0015）：解除 1 个聊天账号，删除 0 条待确认登记，审计日志中 [1-9]\d* 条记录已脱敏。$/)]);
    expect(await identitiesOf(phone)).toEqual([]);
    expect(await ChatIdentityModel.exists({ _id: account! })).toBeNull();
    expect(await AuditLogModel.countDocuments({ detail: { $regex: account! } })).toBe(0);
    expect(await AuditLogModel.countDocuments({ detail: { $regex: 'console:（已删除）' } })).toBeGreaterThan(0);
    expect(await MemberModel.exists({ phone })).not.toBeNull(); // the directory entry stays, for the assessment
    expect(await forgetTask.run(['13800000000'], t.app, (l) => out.push(l))).toBe(1);
    expect(out.at(-1)).toBe('通讯录里没有手机号 138****0000。');
  });
});

describe('phones out of sight', () => {
  it('no group reply of a command that takes or shows a phone holds a full number, for any role', async () => {
    const lines: Array<[Handle, string, string]> = [
      ['leader1', 'JS-01', '/加成员 群里人 13800003333 某单位'],
      ['leader1', 'JS-01', '/加成员 群里人 13800003333'],
      ['leader1', 'JS-01', `/加成员 冒名 ${phoneOf('member1')}`],
      ['leader1', 'JS-01', '/通讯录'],
      ['member1', 'JS-01', '/通讯录'],
      ['leader1', 'JS-01', '/删成员 13800003333'],
      ['leader1', 'JS-01', '/删成员 13800009999'],
      ['leader1', 'JS-01', `/解绑 ${phoneOf('member1')}`],
      ['streetJS', 'JS', `/设置网格长 JS-01 ${phoneOf('member1')} 副`],
      ['streetJS', 'JS', `/考核结果 ${phoneOf('member1')}`],
      ['streetJS', 'JS', `/考核 调整 ${phoneOf('member1')} 90 补录`],
      ['bureau', 'OH', `/通知 有事请打 13911112222 联系`],
      ['member1', 'JS-01', `/问题 我的手机 13911112222 打不通`],
      ['leader1', 'JS-01', `/转交 Q-0001 ${phoneOf('member2')}`],
      ['leader1', 'JS-01', `/我的 ${phoneOf('leader1')}`],
    ];
    const shown: string[] = [];
    await replyTo('wx-group', `/登记 未登记 13900000099`, 'JS-01').then((r) => shown.push(r));
    for (const [as, chat, line] of lines) {
      for (const m of await send(phoneOf(as), line, chat)) if (!m.userId && m.chatType !== 'p2p') shown.push(m.text);
    }
    expect(shown.length).toBeGreaterThanOrEqual(lines.length);
    expect(shown.filter((s) => FULL_MOBILE.test(s))).toEqual([]);
    expect(shown.join('\n')).toContain('138****3333');
  });

  it('full numbers only in a private chat, to the person\'s own leaders and their street and bureau admins', async () => {
    const full = `一组员：${phoneOf('member1')}`;
    for (const h of ['leader1', 'deputy1', 'streetJS', 'bureau'] as Handle[]) expect(await replyTo(phoneOf(h), '/号码 一组员'), h).toBe(full);
    for (const h of ['member2', 'leader2', 'leaderXQ', 'streetXQ'] as Handle[]) {
      expect(await replyTo(phoneOf(h), '/号码 一组员'), h).toBe(zh(IDENTITY.notYourPerson('一组员')));
    }
    expect(await replyTo(phoneOf('leader1'), '/号码 一组员', 'JS-01')).toBe(zh(IDENTITY.fullNumberPrivately));
  });

  it('the audit log holds no full number after /登记 and /加成员', async () => {
    const audit = await AuditLogModel.find({ command: { $in: ['register', 'addmember', 'removemember', 'unlink', 'setleader', 'notice'] } }).lean();
    expect(audit.map((a) => a.command)).toEqual(expect.arrayContaining(['register', 'addmember']));
    expect(audit.filter((a) => FULL_MOBILE.test(JSON.stringify(a))).map((a) => JSON.stringify(a))).toEqual([]);
    expect(JSON.stringify(audit)).toContain('139****0099');
  });

  it('control and direction characters someone typed are not echoed back', async () => {
    const typed = ['/删成员 张\u0000三\u0007', '/\u202Eabc', '/删成员 \u202E三张\u2066'];
    for (const line of typed) {
      const reply = await replyTo(leader(), line, 'JS-01');
      expect(reply, JSON.stringify(line)).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F\u202A-\u202E\u2066-\u2069]/);
    }
  });
});
