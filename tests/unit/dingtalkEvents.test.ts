import { describe, expect, it } from 'vitest';
import { parseRobotMessage } from '../../src/platforms/dingtalk/dingtalkEvents.js';

const ctx = { robotCode: 'dingrobot', now: 1000 };
const data = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    msgId: 'msg1',
    conversationId: 'cid1',
    conversationType: '2',
    conversationTitle: '一网格',
    senderId: '$:LWCP_v1:$abc',
    senderStaffId: 'staff1',
    senderNick: '张三',
    robotCode: 'dingrobot',
    msgtype: 'text',
    text: { content: ' /我的 ' },
    isInAtList: true,
    sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=s1',
    sessionWebhookExpiredTime: 5000,
    ...over,
  });

describe('DingTalk robot messages', () => {
  it('reads a group message with its session webhook', () => {
    const parsed = parseRobotMessage(data(), ctx);
    expect(parsed.ok && parsed.message).toEqual({
      platform: 'dingtalk',
      eventId: 'msg1',
      chatId: 'cid1',
      chatType: 'group',
      chatTitle: '一网格',
      senderId: 'staff1',
      senderName: '张三',
      text: '/我的',
      addressedToBot: true,
      receivedAt: 1000,
      replyHint: { sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=s1', sessionWebhookExpiresAt: 5000, chatType: 'group', userId: undefined },
    });
  });

  it.each([
    ['one-to-one keeps the person for the OpenAPI', { conversationType: '1' }, { chatType: 'p2p', senderId: 'staff1', replyHint: expect.objectContaining({ chatType: 'p2p', userId: 'staff1' }) }],
    ['a sender from another organisation is known by sender id', { senderStaffId: undefined }, { senderId: '$:LWCP_v1:$abc' }],
  ])('%s', (_name, over, expected) => {
    const parsed = parseRobotMessage(data(over), ctx);
    expect(parsed.ok && parsed.message).toMatchObject(expected);
  });

  it.each([
    ['data that is not JSON', '{"msgId":', 'data is not JSON', false],
    ['missing fields', JSON.stringify({ msgId: 'm' }), 'missing or bad fields', false],
    ['another robot', data({ robotCode: 'other' }), 'message for another robot', false],
    ['a picture', data({ msgtype: 'picture', text: undefined }), 'picture message', true],
  ])('refuses %s', (_name, raw, reason, ignore) => {
    const parsed = parseRobotMessage(raw, ctx);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.reason).toContain(reason);
      expect(Boolean(parsed.ignore)).toBe(ignore);
    }
  });
});
