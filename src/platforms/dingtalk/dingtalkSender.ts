import type { OutboundMessage } from '../../core/types.js';
import { SendError, type PlatformSender } from '../../outbound/sender.js';
import { apiTemplate, webhookBody } from './dingtalkContent.js';
import { AccessToken, postJson, type JsonAnswer } from './dingtalkApi.js';

/** "send too fast, exceed 20 times per minute": the robot is throttled in that chat. */
export const DINGTALK_WEBHOOK_THROTTLED = 130101;
/** A session webhook this close to its expiry is not used (the send might land after it). */
const WEBHOOK_MARGIN_MS = 30_000;

export interface DingTalkSenderOptions {
  apiBase: string;
  clientId: string;
  clientSecret: string;
  robotCode: string;
}

/** Judges an OpenAPI answer: throttling and transient faults retry, bad requests do not. */
export function dingtalkApiError(answer: JsonAnswer, onTokenInvalid: () => void): SendError {
  const code = String(answer.body?.code ?? '');
  const what = `dingtalk: ${answer.status} ${code}`.trim();
  if (/QpsLimit|Throttling|FlowControl/i.test(code) || answer.status === 429) return new SendError(what, true, 1000, 'app');
  if (answer.status === 401 || /InvalidAuthentication|accessToken/i.test(code)) {
    onTokenInvalid();
    return new SendError(what, true);
  }
  return new SendError(what, answer.status >= 500);
}

/**
 * Replies through the message's sessionWebhook while it is valid (no token, no API quota); else,
 * or when the webhook is throttled or lapsed, through the OpenAPI: group send for a group, the
 * one-to-one batch send for a person.
 */
export class DingTalkSender implements PlatformSender {
  private readonly token: AccessToken;

  constructor(private readonly opts: DingTalkSenderOptions) {
    this.token = new AccessToken(opts.apiBase, opts.clientId, opts.clientSecret);
  }

  async send(msg: OutboundMessage): Promise<void> {
    const hint = msg.replyHint;
    if (hint?.sessionWebhook && (hint.sessionWebhookExpiresAt ?? 0) > Date.now() + WEBHOOK_MARGIN_MS) {
      if (await this.viaWebhook(hint.sessionWebhook, msg)) return;
    }
    await this.viaApi(msg);
  }

  /** True when sent; false when the webhook cannot be used now (throttled, expired, refused). */
  private async viaWebhook(url: string, msg: OutboundMessage): Promise<boolean> {
    const { status, body } = await postJson(url, webhookBody(msg));
    if (status >= 500) throw new SendError(`dingtalk webhook: ${status}`, true);
    return status === 200 && body?.errcode === 0;
  }

  private async viaApi(msg: OutboundMessage): Promise<void> {
    const group = msg.replyHint?.chatType !== 'p2p' && msg.chatId;
    const userId = msg.userId ?? msg.replyHint?.userId;
    if (!group && !userId) throw new SendError('dingtalk: no route (one-to-one chat without a staff id)', false);
    const template = apiTemplate(msg);
    const [path, body] = group
      ? ['/v1.0/robot/groupMessages/send', { robotCode: this.opts.robotCode, openConversationId: msg.chatId, ...template }]
      : ['/v1.0/robot/oToMessages/batchSend', { robotCode: this.opts.robotCode, userIds: [userId], ...template }];
    const answer = await postJson(`${this.opts.apiBase}${path}`, body, { 'x-acs-dingtalk-access-token': await this.token.get() });
    if (answer.status !== 200) throw dingtalkApiError(answer, () => this.token.invalidate());
  }
}
