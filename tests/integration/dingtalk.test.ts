import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLogModel } from '../../src/store/models/auditLog.js';
import { ChatBindingModel } from '../../src/store/models/chatBinding.js';
import { MemberModel } from '../../src/store/models/member.js';
import type { DingTalkChat, DingTalkFake, DingTalkUser } from '../fakes/dingtalkFake.js';
import { PEOPLE, seedSmallDistrict, type Handle } from '../support/fixtures.js';
import { bindChat, captureLogs, domainSnapshot, linkPlatformAccounts, platformIdOf, startPlatformTest, type PlatformTest } from '../support/platforms.js';
import { waitFor } from '../support/testApp.js';

const logs = captureLogs();

let p: PlatformTest;
let dt: DingTalkFake;
const group: DingTalkChat = { id: 'cidJS01group', type: 'group', title: '景山工业网格1群' };
const user = (h: Handle): DingTalkUser => ({ staffId: platformIdOf('dingtalk', h), nick: PEOPLE[h].name });

async function say(from: DingTalkUser, text: string, chat = group) {
  const before = dt.replies.in(chat.id).length;
  const pushed = dt.pushText({ from, chat, text });
  const replies = await dt.replies.waitFor(chat.id, before + 1);
  return { pushed, reply: replies[before]! };
}

beforeAll(async () => {
  // Many messages go to one group here; the per-chat limit has its own test (outboundQueue).
  p = await startPlatformTest({ dingtalk: {}, env: { DINGTALK_CHAT_SENDS_PER_MINUTE: '1000' } });
  dt = p.dingtalk!;
  await seedSmallDistrict();
  await linkPlatformAccounts('dingtalk', ['member1', 'leader1', 'streetJS']);
  await bindChat('dingtalk', group.id, 'JS-01');
});
afterAll(() => p.close());

describe('DingTalk through the real stream SDK and a local fake', () => {
  it('answers a member in a bound group through the sessionWebhook, acknowledged after acceptance', async () => {
    const { pushed, reply } = await say(user('member1'), '/我的');
    expect(reply.text).toContain('景山工业网格1（JS-01）：网格员');
    expect(reply).toMatchObject({ via: 'webhook', inReplyTo: pushed.messageId, kind: 'text' });
    expect(await dt.acked(pushed.eventId)).toMatchObject({ code: 200, data: { response: null } });
    await waitFor(() => p.t.app.events.isDone(`dingtalk:${pushed.eventId}`), 5000, 'event recorded as handled');
    expect((await say(user('leader1'), '/通讯录')).reply.text).toContain('139****0013'); // a group: masked for every role
  });

  it('gives an unknown sender the /登记 hint; without the phone permission the leader confirms, then knows them', async () => {
    const stranger: DingTalkUser = { staffId: 'staff-new-1', nick: '未登记' };
    expect((await say(stranger, '/通讯录')).reply.text).toBe('您还没有登记。请私聊我发送：/登记 姓名 手机号');
    expect((await say(stranger, '/登记 未登记 13900000099')).reply.text).toMatch(/^已提交登记申请 R-\d{4}，等待 一格长 确认/);
    // The leader's private card; its [确认] press comes back over the stream and runs /确认登记 as the leader.
    const leaderInbox = `user:${platformIdOf('dingtalk', 'leader1')}`;
    const [card] = await dt.replies.waitFor(leaderInbox, 1);
    expect(card!.text).toContain('未登记（手机尾号 0099）申请关联此聊天账号');
    expect(card).toMatchObject({ kind: 'interactiveCard' });
    dt.pressCard({ from: user('leader1'), cardBizId: dt.lastCardIn(leaderInbox)!.cardBizId, label: card!.buttons[0]! });
    const [, answer] = await dt.replies.waitFor(leaderInbox, 2);
    expect(answer!.text).toMatch(/^已确认 R-\d{4}：未登记 的聊天账号已关联。$/);
    expect((await MemberModel.findOne({ phone: '13900000099' }).lean())?.identities).toContain('dingtalk:staff-new-1');
    expect((await say(stranger, '/我的')).reply.text).toContain('未登记');
  });

  it('sends through the OpenAPI with one cached access token once the sessionWebhook lapsed', async () => {
    dt.expireSessionWebhooks();
    const first = await say(user('member1'), '/我的');
    expect(first.reply.via).toBe('webhook'); // a fresh message brings a fresh webhook
    await p.t.app.outbox.enqueue(
      [
        { platform: 'dingtalk', chatId: group.id, text: '提醒一', replyHint: { sessionWebhook: 'http://127.0.0.1:1/gone', sessionWebhookExpiresAt: Date.now() - 1, chatType: 'group' } },
        { platform: 'dingtalk', chatId: group.id, text: '提醒二' },
      ],
      'test:lapsed',
    );
    const replies = await dt.replies.waitFor(group.id, dt.replies.in(group.id).length + 2);
    expect(replies.slice(-2).map((r) => [r.via, r.text])).toEqual([['groupSend', '提醒一'], ['groupSend', '提醒二']]);
    expect(dt.counters.tokenRequests).toBe(1);

    const p2p: DingTalkChat = { id: 'cidP2Pmember1', type: 'p2p' };
    await say(user('member1'), '/我的', p2p);
    dt.expireSessionWebhooks();
    await p.t.app.outbox.enqueue(
      [{ platform: 'dingtalk', chatId: p2p.id, text: '私信提醒', replyHint: { sessionWebhook: 'http://127.0.0.1:1/gone', sessionWebhookExpiresAt: 0, chatType: 'p2p', userId: platformIdOf('dingtalk', 'member1') } }],
      'test:p2p',
    );
    const [, direct] = await dt.replies.waitFor(p2p.id, 2);
    expect(direct).toMatchObject({ via: 'oToSend', text: '私信提醒' });
  });

  it('renders buttons as an interactive card whose press runs the command as the presser, answered privately', async () => {
    await p.t.app.outbox.enqueue(
      [{ platform: 'dingtalk', chatId: group.id, title: '本月报表', text: '请按时报送。', buttons: [{ label: '我的', command: '/我的' }, { label: '帮助', command: '/帮助' }] }],
      'test:card',
    );
    const card = (await dt.replies.waitFor(group.id, dt.replies.in(group.id).length + 1)).at(-1)!;
    expect(card).toMatchObject({ kind: 'interactiveCard', via: 'cardSend', buttons: ['我的', '帮助'] });
    expect(card.text).toContain('本月报表');
    const before = dt.replies.in(group.id).length;
    const press = dt.pressCard({ from: user('leader1'), cardBizId: dt.lastCardIn(group.id)!.cardBizId, label: '我的' });
    expect(await dt.acked(press.eventId)).toMatchObject({ code: 200 });
    const inbox = `user:${platformIdOf('dingtalk', 'leader1')}`;
    const reply = (await dt.replies.waitFor(inbox, dt.replies.in(inbox).length + 1)).at(-1);
    expect(reply).toMatchObject({ via: 'oToSend' });
    expect(reply!.text).toContain('一格长');
    expect(dt.replies.in(group.id)).toHaveLength(before);
  });

  it('handles a redelivered message once, also when both copies arrive together', async () => {
    const { pushed } = await say(user('member1'), '/我的');
    dt.redeliver(pushed.eventId);
    expect(await dt.acked(pushed.eventId)).toMatchObject({ code: 200 });
    const before = dt.replies.in(group.id).length;
    const twin = dt.pushText({ from: user('streetJS'), chat: group, text: '/绑定 JS-01' });
    dt.redeliver(twin.eventId);
    await dt.replies.waitFor(group.id, before + 1);
    await say(user('member1'), '/帮助');
    expect(dt.replies.in(group.id).slice(before).map((r) => r.inReplyTo)).toEqual([twin.messageId, expect.any(String)]);
    expect(dt.pushesOf(twin.eventId)).toBe(2);
    expect(await AuditLogModel.countDocuments({ eventKey: `dingtalk:${twin.eventId}` })).toBe(1);
  });

  it('answers system pings, and reconnects after a dropped connection and after a disconnect notice', async () => {
    expect(await dt.systemPing()).toBe(1);
    const opened = dt.counters.connections;
    expect(dt.dropConnections()).toBe(1);
    expect((await say(user('member1'), '/我的')).reply.text).toContain('一组员');
    expect(dt.counters.connections).toBe(opened + 1);
    // DingTalk closes the socket ~10 s after its notice; the client must not wait for that.
    dt.sendDisconnect(60_000);
    await waitFor(() => dt.counters.connections === opened + 2 && dt.openConnections === 1, 15_000, 'a new connection');
    expect((await say(user('leader1'), '/我的')).reply.text).toContain('一格长');
  });

  it('acknowledges forged and malformed messages, logs them without secrets, and changes nothing', async () => {
    const before = await domainSnapshot(p.t.app.events);
    const repliesBefore = dt.replies.total;
    const notJson = dt.pushData('{"msgId": "m1", broken');
    const missing = dt.pushData(JSON.stringify({ msgId: 'm2', text: { content: '/我的' } }));
    const otherRobot = dt.pushData(JSON.stringify({ msgId: 'm3', conversationId: group.id, conversationType: '2', senderId: 'x', senderStaffId: platformIdOf('dingtalk', 'streetJS'), robotCode: 'someone-else', msgtype: 'text', text: { content: '/绑定 JS-02' } }));
    const picture = dt.pushData(JSON.stringify({ msgId: 'm4', conversationId: group.id, conversationType: '2', senderId: 'x', msgtype: 'picture', content: { downloadCode: 'abc' } }));
    for (const m of [notJson, missing, otherRobot, picture]) expect((await dt.acked(m.eventId)).code).toBe(200);
    const unbound: DingTalkChat = { id: 'cidUnbound01', type: 'group' };
    expect((await say(user('member1'), '/通讯录', unbound)).reply.text).toBe('本群还没有绑定网格。街道或区统计局管理员可发送：/绑定 网格编号');
    expect(dt.replies.total).toBe(repliesBefore + 1);
    const after = await domainSnapshot(p.t.app.events);
    expect({ ...after, events: after.events - 1 }).toEqual(before);

    const log = await logs.until('message for another robot');
    expect(log).toContain('data is not JSON');
    expect(log).toContain('missing or bad fields');
    for (const secret of dt.secrets()) expect(log).not.toContain(secret);
  });

  it('stops taking messages and closes its connection on stop', async () => {
    await p.adapters[0]!.stop();
    await waitFor(() => dt.openConnections === 0, 5000, 'connection closed');
    const later = dt.pushText({ from: user('member1'), chat: group, text: '/我的' });
    expect(dt.ackOf(later.eventId)).toBeUndefined();
  });
});
