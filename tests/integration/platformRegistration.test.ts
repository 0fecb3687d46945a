import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLogModel } from '../../src/store/models/auditLog.js';
import { MemberModel } from '../../src/store/models/member.js';
import type { DingTalkChat, DingTalkFake, DingTalkUser } from '../fakes/dingtalkFake.js';
import type { LarkChat, LarkFake, LarkUser } from '../fakes/larkFake.js';
import { PEOPLE, seedSmallDistrict } from '../support/fixtures.js';
import { linkPlatformAccounts, platformIdOf, startPlatformTest, type PlatformTest } from '../support/platforms.js';

/*
 * Where the platform vouches for the sender's mobile (Lark's contact API with the phone scope,
 * DingTalk's staff record with the phone permission), registration completes without a leader;
 * where it does not, the claim waits, and the leader's [确认] on the private card completes it.
 */

let p: PlatformTest;
let lark: LarkFake;
let dt: DingTalkFake;

const identitiesOf = async (phone: string) => (await MemberModel.findOne({ phone }).lean())!.identities;

beforeAll(async () => {
  p = await startPlatformTest({
    lark: { phoneScope: true },
    dingtalk: { phonePermission: true },
    env: { LARK_CONTACT_MOBILE: 'on', DINGTALK_STAFF_MOBILE: 'on' },
  });
  lark = p.lark!;
  dt = p.dingtalk!;
  await seedSmallDistrict();
  await linkPlatformAccounts('lark', ['leader1']);
});
afterAll(() => p.close());

describe('Lark: the contact API vouches for the mobile', () => {
  const privately = (user: LarkUser): LarkChat => ({ id: lark.p2pChatOf(user.openId), type: 'p2p' });
  async function say(user: LarkUser, text: string) {
    const chat = privately(user);
    const before = lark.replies.in(chat.id).length;
    lark.pushText({ from: user, chat, text });
    return (await lark.replies.waitFor(chat.id, before + 1))[before]!;
  }

  it('links at once when the sender\'s mobile is the directory phone, saying what is kept', async () => {
    const me: LarkUser = { openId: 'ou_selfproven0001', name: '未登记' };
    lark.contacts.set(me.openId, { name: '未登记', mobile: `+86${PEOPLE.unlinked.phone}` });
    const reply = await say(me, `/登记 未登记 ${PEOPLE.unlinked.phone}`);
    expect(reply.text).toBe('登记成功，未登记。发送 /帮助 查看您可用的命令。\n我们只保存您的姓名、手机号和聊天账号，用于网格通知、签到和年度考核。');
    expect(await identitiesOf(PEOPLE.unlinked.phone)).toContain(`lark:${me.openId}`);
    expect(await AuditLogModel.findOne({ command: 'register', platform: 'lark' }).lean()).toMatchObject({
      result: 'ok', detail: expect.stringContaining('mobile vouched for by lark'),
    });
  });

  it('a colleague\'s name and phone from an account with another mobile waits; the leader\'s [确认] on the private card completes it', async () => {
    const claimant: LarkUser = { openId: 'ou_claimant00001', name: '一组员乙' };
    lark.contacts.set(claimant.openId, { name: '一组员乙', mobile: '+8613800000000' });
    const leaderChat = privately({ openId: platformIdOf('lark', 'leader1') });
    const cardsBefore = lark.replies.in(leaderChat.id).length;
    const reply = await say(claimant, `/登记 一组员乙 ${PEOPLE.member1b.phone}`);
    expect(reply.text).toMatch(/^已提交登记申请 R-\d{4}，等待 一格长 确认/);
    // member1b is linked on the console only; on Lark nothing yet.
    expect((await identitiesOf(PEOPLE.member1b.phone)).filter((i) => i.startsWith('lark:'))).toEqual([]);

    const card = (await lark.replies.waitFor(leaderChat.id, cardsBefore + 1))[cardsBefore]!;
    expect(card.kind).toBe('card');
    expect(card.text).toContain('一组员乙（手机尾号 0014）申请关联此聊天账号');
    expect(card.buttons).toEqual([expect.stringMatching(/^\/确认登记 R-\d{4}$/), expect.stringMatching(/^\/拒绝登记 R-\d{4}$/)]);
    const content = JSON.parse((card.raw as { content: string }).content);
    const confirm = content.elements.find((e: { tag: string }) => e.tag === 'action').actions[0].value;
    const told = lark.replies.in(privately(claimant).id).length;
    lark.pressButton({ from: { openId: platformIdOf('lark', 'leader1') }, messageId: (card.raw as { message_id: string }).message_id, value: confirm });
    const [done] = (await lark.replies.waitFor(privately(claimant).id, told + 1)).slice(told);
    expect(done!.text).toBe('登记成功，一组员乙（由 一格长 确认）。\n发送 /帮助 查看您可用的命令。');
    expect(await identitiesOf(PEOPLE.member1b.phone)).toContain(`lark:${claimant.openId}`);
    expect(await AuditLogModel.findOne({ command: 'confirmreg', platform: 'lark' }).lean()).toMatchObject({ result: 'ok', actorName: '一格长' });
  });
});

describe('DingTalk: the staff record vouches for the mobile', () => {
  const privately = (user: DingTalkUser): DingTalkChat => ({ id: `cid_p2p_${user.staffId}`, type: 'p2p' });
  async function say(user: DingTalkUser, text: string) {
    const chat = privately(user);
    const before = dt.replies.in(chat.id).length;
    dt.pushText({ from: user, chat, text });
    return (await dt.replies.waitFor(chat.id, before + 1))[before]!;
  }

  it('links at once when the staff record\'s mobile is the directory phone', async () => {
    const me: DingTalkUser = { staffId: 'staff-selfproven', nick: '一组员丙' };
    dt.staff.set(me.staffId, { name: '一组员丙', mobile: PEOPLE.member1c.phone });
    expect((await say(me, `/登记 一组员丙 ${PEOPLE.member1c.phone}`)).text).toMatch(/^登记成功，一组员丙。/);
    expect(await identitiesOf(PEOPLE.member1c.phone)).toContain(`dingtalk:${me.staffId}`);
  });

  it('someone outside the organisation, or with another mobile, waits for a leader', async () => {
    const outsider: DingTalkUser = { staffId: 'staff-unknown-1', nick: '二组员' };
    expect((await say(outsider, `/登记 二组员 ${PEOPLE.member2.phone}`)).text).toMatch(/^已提交登记申请 R-\d{4}，但本平台暂无能确认的网格长/);
    const other: DingTalkUser = { staffId: 'staff-othermobile', nick: '新组员' };
    dt.staff.set(other.staffId, { name: '新组员', mobile: '13800000000' });
    expect((await say(other, `/登记 新组员 ${PEOPLE.memberXQ.phone}`)).text).toMatch(/^已提交登记申请 R-\d{4}/);
    expect((await identitiesOf(PEOPLE.member2.phone)).some((i) => i.startsWith('dingtalk:'))).toBe(false);
    expect((await identitiesOf(PEOPLE.memberXQ.phone)).some((i) => i.startsWith('dingtalk:'))).toBe(false);
  });
});
