import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLogModel } from '../../src/store/models/auditLog.js';
import { ChatBindingModel } from '../../src/store/models/chatBinding.js';
import { MemberModel } from '../../src/store/models/member.js';
import { LarkAdapter } from '../../src/platforms/lark/larkAdapter.js';
import type { LarkChat, LarkFake, LarkUser } from '../fakes/larkFake.js';
import { PEOPLE, seedSmallDistrict, type Handle } from '../support/fixtures.js';
import { bindChat, captureLogs, domainSnapshot, linkPlatformAccounts, platformIdOf, startPlatformTest, type PlatformTest } from '../support/platforms.js';
import { waitFor } from '../support/testApp.js';

const logs = captureLogs();

let p: PlatformTest;
let lark: LarkFake;
const group: LarkChat = { id: 'oc_js01group', type: 'group', name: '景山工业网格1群' };
const user = (h: Handle): LarkUser => ({ openId: platformIdOf('lark', h), name: PEOPLE[h].name });

/** A user types in a chat; resolves with the next reply there. */
async function say(from: LarkUser, text: string, chat = group) {
  const before = lark.replies.in(chat.id).length;
  const pushed = lark.pushText({ from, chat, text });
  const replies = await lark.replies.waitFor(chat.id, before + 1);
  return { pushed, reply: replies[before]! };
}

beforeAll(async () => {
  p = await startPlatformTest({ lark: {} });
  lark = p.lark!;
  await seedSmallDistrict();
  await linkPlatformAccounts('lark', ['member1', 'leader1', 'streetJS']);
  await bindChat('lark', group.id, 'JS-01');
});
afterAll(() => p.close());

describe('Lark through the real SDK and a local fake', () => {
  it('answers a member in a bound group with a reply to their message, acknowledged after acceptance', async () => {
    const { pushed, reply } = await say(user('member1'), '/我的');
    expect(reply.text).toContain('一组员');
    expect(reply.text).toContain('景山工业网格1（JS-01）：网格员');
    expect(reply.via).toBe('reply');
    expect(reply.inReplyTo).toBe(pushed.messageId);
    expect(await lark.acked(pushed.eventId)).toMatchObject({ code: 200 });
    await waitFor(() => p.t.app.events.isDone(`lark:${pushed.eventId}`), 5000, 'event recorded as handled');

    const dir = (await say(user('leader1'), '/通讯录')).reply;
    expect(dir.text).toContain('景山工业网格1 通讯录');
    expect(dir.text).toContain('139****0013'); // a group: masked for every role
    expect(dir.text).not.toContain('13900000013');
  });

  it('answers one-to-one messages without a mention', async () => {
    const p2p: LarkChat = { id: lark.p2pChatOf(platformIdOf('lark', 'member1')), type: 'p2p' };
    const { reply } = await say(user('member1'), '/whoami', p2p);
    expect(reply.text).toContain('This chat is not bound to a grid');
  });

  it('gives an unknown sender the /登记 hint; without the phone scope the leader confirms, then knows them', async () => {
    const stranger: LarkUser = { openId: 'ou_unlinked0001', name: '未登记' };
    expect((await say(stranger, '/通讯录')).reply.text).toBe('您还没有登记。请私聊我发送：/登记 姓名 手机号');
    const claim = (await say(stranger, '/登记 未登记 13900000099')).reply.text;
    expect(claim).toMatch(/^已提交登记申请 R-\d{4}，等待 一格长 确认/);
    expect(claim).not.toContain('13900000099');
    const leaderChat: LarkChat = { id: lark.p2pChatOf(platformIdOf('lark', 'leader1')), type: 'p2p' };
    const [card] = await lark.replies.waitFor(leaderChat.id, 1);
    expect(card!.text).toContain('未登记（手机尾号 0099）申请关联此聊天账号');
    expect((await say(user('leader1'), card!.buttons[0]!, leaderChat)).reply.text).toMatch(/^已确认 R-\d{4}：未登记 的聊天账号已关联。$/);
    expect((await MemberModel.findOne({ phone: '13900000099' }).lean())?.identities).toContain('lark:ou_unlinked0001');
    expect((await say(stranger, '/我的')).reply.text).toContain('景山工业网格1（JS-01）：网格员');
  });

  it('handles a redelivered event once, also when both copies arrive together', async () => {
    const { pushed } = await say(user('member1'), '/我的');
    lark.redeliver(pushed.eventId);
    expect(await lark.acked(pushed.eventId)).toMatchObject({ code: 200 });

    const before = lark.replies.in(group.id).length;
    const twin = lark.pushText({ from: user('streetJS'), chat: group, text: '/绑定 JS-01' });
    lark.redeliver(twin.eventId); // a second copy right behind the first
    await lark.replies.waitFor(group.id, before + 1);
    await say(user('member1'), '/帮助'); // replies in one chat keep their order: nothing of the twin follows
    const after = lark.replies.in(group.id).slice(before);
    expect(after.map((r) => r.inReplyTo)).toEqual([twin.messageId, expect.any(String)]);
    expect(lark.pushesOf(twin.eventId)).toBeGreaterThanOrEqual(2);
    expect(await AuditLogModel.countDocuments({ eventKey: `lark:${twin.eventId}` })).toBe(1);
  });

  it('welcomes the group it is added to with how to bind it, once, and runs a pressed button as the presser', async () => {
    const newGroup: LarkChat = { id: 'oc_newgroup01', type: 'group', name: '新群' };
    const added = lark.addBotToChat({ chat: newGroup, by: user('streetJS') });
    const [welcome] = await lark.replies.waitFor(newGroup.id, 1);
    expect(welcome!.kind).toBe('card');
    expect(welcome!.text).toContain('/绑定 网格编号');
    expect(welcome!.buttons).toEqual(['/帮助']);
    lark.redeliver(added.eventId);
    expect(await lark.acked(added.eventId)).toMatchObject({ code: 200 });

    const messageId = (welcome!.raw as { message_id: string }).message_id;
    const content = JSON.parse((welcome!.raw as { content: string }).content);
    const value = content.elements.find((e: { tag: string }) => e.tag === 'action').actions[0].value;
    const press = lark.pressButton({ from: user('streetJS'), messageId, value });
    // The answer to a press goes to the presser privately; the group sees no message per press.
    const privately = lark.p2pChatOf(platformIdOf('lark', 'streetJS'));
    const [help] = await lark.replies.waitFor(privately, 1);
    expect(help!.text).toContain('例：/绑定 JS-01'); // help as a street admin lists /绑定
    expect((await lark.acked(press.eventId)).data).toMatchObject({ toast: { type: 'info', content: '已收到，结果私信给您' } });
    lark.redeliver(press.eventId);
    await lark.acked(press.eventId);
    await say(user('streetJS'), '/绑定 JS-02', newGroup);
    expect(lark.replies.in(newGroup.id).map((r) => r.kind)).toEqual(['card', 'text']);
    expect(lark.replies.in(privately)).toHaveLength(1);
    expect(await ChatBindingModel.findOne({ platform: 'lark', chatId: newGroup.id }).lean()).toMatchObject({ grid: 'JS-02' });
  });

  it('ignores frames of type card, as SDK 1.74 does (card actions come as card.action.trigger events)', async () => {
    const cardFrame = lark.pushRaw(JSON.stringify({ schema: '2.0', header: { event_id: 'ev_card_frame', event_type: 'card.action.trigger', app_id: lark.appId } }), 'card');
    const { pushed } = await say(user('member1'), '/我的');
    await lark.acked(pushed.eventId);
    expect(lark.ackOf(cardFrame)).toBeUndefined();
  });

  it('re-establishes a dropped connection and delivers what was pushed meanwhile', async () => {
    const connectionsBefore = lark.counters.connections;
    expect(lark.dropConnections()).toBe(1);
    const { reply } = await say(user('member1'), '/我的');
    expect(reply.text).toContain('一组员');
    expect(lark.counters.connections).toBe(connectionsBefore + 1);
    expect((await say(user('leader1'), '/我的')).reply.text).toContain('一格长');
  });

  it('acknowledges forged and malformed events, logs them without secrets, and changes nothing', async () => {
    const before = await domainSnapshot(p.t.app.events);
    const repliesBefore = lark.replies.total;
    const badContent = lark.pushEvent('im.message.receive_v1', {
      sender: { sender_id: { open_id: platformIdOf('lark', 'member1') }, sender_type: 'user' },
      message: { message_id: 'om_bad1', chat_id: group.id, chat_type: 'group', message_type: 'text', content: '{"text": "/我的' },
    });
    const missing = lark.pushEvent('im.message.receive_v1', { message: { chat_id: group.id, content: '{"text":"/我的"}' } });
    const empty = lark.pushEvent('im.message.receive_v1', {});
    // A forged event: another app's id in the header.
    const otherApp = lark.pushRaw(JSON.stringify({ schema: '2.0', header: { event_id: 'ev_forged', event_type: 'im.message.receive_v1', app_id: 'cli_ffffffffffffffff' }, event: { sender: { sender_id: { open_id: 'ou_x' }, sender_type: 'user' }, message: { message_id: 'om_x', chat_id: group.id, chat_type: 'group', message_type: 'text', content: '{"text":"/绑定 JS-02"}' } } }));
    const unknownType = lark.pushEvent('im.message.reaction.created_v1', { message_id: 'om_y' });
    const notJson = lark.pushRaw('{"schema":"2.0", this is not json');
    for (const id of [badContent.eventId, missing.eventId, empty.eventId, otherApp, unknownType.eventId]) {
      expect((await lark.acked(id)).code).toBe(200);
    }
    // A message from a group bound to no grid: the hint, and nothing written.
    const unbound: LarkChat = { id: 'oc_unbound01', type: 'group' };
    expect((await say(user('member1'), '/通讯录', unbound)).reply.text).toBe('本群还没有绑定网格。街道或区统计局管理员可发送：/绑定 网格编号');
    // The SDK drops a payload that is not JSON without acknowledging it (1.74); nothing else happens.
    expect(lark.ackOf(notJson)).toBeUndefined();
    expect(lark.replies.total).toBe(repliesBefore + 1);
    const after = await domainSnapshot(p.t.app.events);
    expect({ ...after, events: after.events - 1 }).toEqual(before); // only the unbound group's message was recorded

    const log = await logs.until('"reason":"event for another app"');
    expect(log).toContain('message content is not JSON');
    expect(log).toContain('missing or bad fields');
    for (const secret of lark.secrets()) expect(log).not.toContain(secret);
  });

  it('stops taking events and closes its connection on stop; a new connection gets what came meanwhile', async () => {
    await p.adapters[0]!.stop();
    await waitFor(() => lark.openConnections === 0, 5000, 'connection closed');
    const before = lark.replies.in(group.id).length;
    const later = lark.pushText({ from: user('member1'), chat: group, text: '/我的' });
    expect(lark.ackOf(later.eventId)).toBeUndefined();

    const restarted = new LarkAdapter(p.t.app, { appId: lark.appId, appSecret: lark.appSecret, domain: lark.domain });
    await restarted.start();
    const [reply] = (await lark.replies.waitFor(group.id, before + 1)).slice(before);
    expect(reply!.inReplyTo).toBe(later.messageId);
    await restarted.stop();
  });
});
