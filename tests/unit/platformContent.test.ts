import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/core/types.js';
import { apiTemplate, commandLink, webhookBody } from '../../src/platforms/dingtalk/dingtalkContent.js';
import { dingtalkApiError } from '../../src/platforms/dingtalk/dingtalkSender.js';
import { renderLark } from '../../src/platforms/lark/larkContent.js';
import { larkSendError } from '../../src/platforms/lark/larkSender.js';
import { describeForLog } from '../../src/platforms/sdkLog.js';

const plain: OutboundMessage = { platform: 'lark', chatId: 'oc_1', text: '你好' };
const card: OutboundMessage = { ...plain, title: '月报', buttons: [{ label: '签到', command: '/签到' }, { label: '帮助', command: '/帮助' }] };

describe('Lark content', () => {
  it('sends plain text, with @-mentions as <at> tags', () => {
    expect(renderLark(plain)).toEqual({ msg_type: 'text', content: '{"text":"你好"}' });
    expect(JSON.parse(renderLark({ ...plain, mentions: ['ou_a'] }).content).text).toBe('你好 <at user_id="ou_a"></at>');
  });

  it('sends a card whose buttons carry their command and the chat kind', () => {
    const rendered = renderLark({ ...card, replyHint: { chatType: 'p2p' } });
    expect(rendered.msg_type).toBe('interactive');
    const content = JSON.parse(rendered.content);
    expect(content.header.title.content).toBe('月报');
    const actions = content.elements.find((e: { tag: string }) => e.tag === 'action').actions;
    expect(actions.map((a: { value: unknown }) => a.value)).toEqual([{ command: '/签到', chat_type: 'p2p' }, { command: '/帮助', chat_type: 'p2p' }]);
  });
});

describe('DingTalk content', () => {
  const ding = { ...card, platform: 'dingtalk' as const };
  it('links a button to sending its command', () => {
    expect(commandLink('/签到 张三')).toBe('dtmd://dingtalkclient/sendMessage?content=%2F%E7%AD%BE%E5%88%B0%20%E5%BC%A0%E4%B8%89');
  });

  it.each([
    ['text', { ...plain, platform: 'dingtalk' as const }, 'text', 'sampleText'],
    ['a title', { ...plain, platform: 'dingtalk' as const, title: '通知' }, 'markdown', 'sampleMarkdown'],
    ['one button', { ...ding, buttons: ding.buttons!.slice(0, 1) }, 'actionCard', 'sampleActionCard'],
    ['two buttons', ding, 'actionCard', 'sampleActionCard2'],
  ])('renders %s for the webhook and the OpenAPI', (_name, msg, msgtype, msgKey) => {
    expect(webhookBody(msg).msgtype).toBe(msgtype);
    const template = apiTemplate(msg);
    expect(template.msgKey).toBe(msgKey);
    expect(() => JSON.parse(template.msgParam)).not.toThrow();
  });

  it('puts every button in the ActionCard', () => {
    const body = webhookBody(ding) as { actionCard: { btns: Array<{ title: string; actionURL: string }> } };
    expect(body.actionCard.btns).toEqual([
      { title: '签到', actionURL: commandLink('/签到') },
      { title: '帮助', actionURL: commandLink('/帮助') },
    ]);
    expect(JSON.parse(apiTemplate(ding).msgParam)).toMatchObject({ actionTitle2: '帮助', actionURL2: commandLink('/帮助') });
  });
});

describe('judging send failures', () => {
  const axiosLike = (status: number, data: unknown, headers: Record<string, string> = {}) => Object.assign(new Error(`status ${status}`), { response: { status, data, headers } });
  it.each([
    ['Lark rate limit with its reset header', axiosLike(429, { code: 99991400 }, { 'x-ogw-ratelimit-reset': '3' }), { retryable: true, retryAfterMs: 3000, scope: 'app' }],
    ['Lark per-chat limit', axiosLike(400, { code: 230020 }), { retryable: true, scope: 'chat' }],
    ['Lark server fault', axiosLike(502, undefined), { retryable: true }],
    ['Lark network fault', new Error('ECONNRESET'), { retryable: true }],
    ['Lark bad request', axiosLike(400, { code: 230001 }), { retryable: false }],
    ['Lark refused answer in a 200', { larkBody: { code: 230001, msg: 'bad' } }, { retryable: false }],
  ])('%s', (_name, err, expected) => {
    expect(larkSendError(err, () => undefined)).toMatchObject(expected);
  });

  it('drops the Lark token it was told is invalid, and retries', () => {
    let dropped = false;
    expect(larkSendError(axiosLike(400, { code: 99991663 }), () => (dropped = true)).retryable).toBe(true);
    expect(dropped).toBe(true);
  });

  it.each([
    ['DingTalk QPS limit', { status: 403, body: { code: 'Forbidden.AccessDenied.QpsLimitForApi' } }, { retryable: true, scope: 'app' }],
    ['DingTalk server fault', { status: 503, body: {} }, { retryable: true }],
    ['DingTalk bad parameter', { status: 400, body: { code: 'invalidParameter.msgKey.invalid' } }, { retryable: false }],
    ['DingTalk monthly quota', { status: 403, body: { code: 'Forbidden.AccessDenied.ApiCountLimitForOrg' } }, { retryable: false }],
  ])('%s', (_name, answer, expected) => {
    expect(dingtalkApiError(answer, () => undefined)).toMatchObject(expected);
  });
});

describe('SDK log lines', () => {
  it('blank secrets, tokens and webhooks and keep the rest', () => {
    const line = describeForLog(['token request failed', { config: { data: { app_id: 'cli_1', app_secret: 's3cret' }, headers: { Authorization: 'Bearer t-123' } }, sessionWebhook: 'https://x?session=abc' }]);
    expect(line).toContain('token request failed');
    expect(line).toContain('cli_1');
    expect(line).not.toMatch(/s3cret|t-123|session=abc/);
  });

  it('say what an HTTP error was without its request', () => {
    const err = Object.assign(new Error('Request failed with status code 429'), { response: { status: 429, data: { code: 99991400 } }, config: { headers: { Authorization: 'Bearer t-1' } } });
    expect(describeForLog(err)).toBe('Request failed with status code 429, status 429, code 99991400');
  });
});
