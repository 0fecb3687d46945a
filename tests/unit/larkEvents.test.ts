import { describe, expect, it } from 'vitest';
import { parseBotAdded, parseCardAction, parseMessageEvent } from '../../src/platforms/lark/larkEvents.js';

const ctx = { appId: 'cli_0123456789abcdef', botOpenId: 'ou_bot', now: 1000 };
const message = (over: Record<string, unknown> = {}, content = '{"text":"@_user_1 /我的"}') => ({
  event_id: 'ev1',
  app_id: ctx.appId,
  sender: { sender_id: { open_id: 'ou_alice' }, sender_type: 'user' },
  message: {
    message_id: 'om_1',
    chat_id: 'oc_1',
    chat_type: 'group',
    message_type: 'text',
    content,
    mentions: [{ key: '@_user_1', id: { open_id: 'ou_bot' }, name: '助手' }],
    ...over,
  },
});

describe('Lark message events', () => {
  it.each([
    ['a command after the bot mention', message(), { text: '/我的', addressedToBot: true, chatType: 'group' }],
    ['a person mentioned keeps their name', message({ mentions: [{ key: '@_user_1', id: { open_id: 'ou_bob' }, name: '李四' }] }, '{"text":"@_user_1 你好"}'), { text: '@李四 你好', addressedToBot: false }],
    ['one-to-one needs no mention', message({ chat_type: 'p2p', mentions: undefined }, '{"text":"/help"}'), { text: '/help', addressedToBot: true, chatType: 'p2p' }],
    ['@all becomes readable', message({ mentions: undefined }, '{"text":"@_all 开会"}'), { text: '@所有人 开会', addressedToBot: false }],
  ])('%s', (_name, data, expected) => {
    const parsed = parseMessageEvent(data, ctx);
    expect(parsed.ok && parsed.value).toMatchObject({ platform: 'lark', eventId: 'ev1', chatId: 'oc_1', senderId: 'ou_alice', ...expected });
  });

  it('keeps the message id and chat type for the reply', () => {
    const parsed = parseMessageEvent(message(), ctx);
    expect(parsed.ok && parsed.value.replyHint).toEqual({ messageId: 'om_1', chatType: 'group' });
  });

  it.each([
    ['content that is not JSON', message({}, '{"text": "/我的'), 'message content is not JSON', false],
    ['content without text', message({}, '{"image_key":"x"}'), 'message content has no text', false],
    ['no sender', { ...message(), sender: undefined }, 'missing or bad fields: sender', false],
    ['another app', { ...message(), app_id: 'cli_ffffffffffffffff' }, 'event for another app', false],
    ['an image', message({ message_type: 'image' }, '{"image_key":"x"}'), 'image message', true],
    ['a bot as sender', { ...message(), sender: { sender_id: { open_id: 'ou_x' }, sender_type: 'app' } }, 'sender is a app', true],
  ])('refuses %s', (_name, data, reason, ignore) => {
    const parsed = parseMessageEvent(data, ctx);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.reason).toContain(reason);
      expect(Boolean(parsed.ignore)).toBe(ignore);
    }
  });
});

describe('Lark card actions and bot additions', () => {
  const press = (value: unknown, context: unknown = { open_chat_id: 'oc_1', open_message_id: 'om_card' }) => ({
    event_id: 'ev2',
    app_id: ctx.appId,
    operator: { open_id: 'ou_alice' },
    action: { value, tag: 'button' },
    ...(context ? { context } : {}),
  });

  it.each([
    ['an object value', { command: '/签到', chat_type: 'p2p' }, 'p2p'],
    ['a JSON string value', '{"command":"/签到"}', 'group'],
  ])('turns a press with %s into the command from the presser', (_name, value, chatType) => {
    const parsed = parseCardAction(press(value), ctx);
    expect(parsed.ok && parsed.value).toMatchObject({ eventId: 'ev2', chatId: 'oc_1', chatType, senderId: 'ou_alice', text: '/签到', addressedToBot: true });
  });

  it('reads the chat from the older top-level field', () => {
    const parsed = parseCardAction({ ...press({ command: '/帮助' }, null), open_chat_id: 'oc_old' }, ctx);
    expect(parsed.ok && parsed.value.chatId).toBe('oc_old');
  });

  it.each([
    ['no command', press({ other: 1 }), 'card value has no command'],
    ['a value that is not JSON', press('{oops'), 'card value is not JSON'],
    ['no chat', press({ command: '/帮助' }, null), 'card action without a chat'],
  ])('refuses a press with %s', (_name, data, reason) => {
    const parsed = parseCardAction(data, ctx);
    expect(!parsed.ok && parsed.reason).toBe(reason);
  });

  it('reads the group the bot was added to', () => {
    expect(parseBotAdded({ event_id: 'ev3', app_id: ctx.appId, chat_id: 'oc_new' }, ctx)).toEqual({ ok: true, value: { eventId: 'ev3', chatId: 'oc_new' } });
    expect(parseBotAdded({ event_id: 'ev3' }, ctx).ok).toBe(false);
  });
});
