import type { OutboundMessage } from '../../core/types.js';
import { cardKeyOf, readCapped, SendError, type BatchResult, type PlatformSender, type SendOptions } from '../../outbound/sender.js';
import { rememberCard } from '../sentCardRecord.js';
import { apiTemplate, standardCard, webhookBody } from './dingtalkContent.js';
import { AccessToken, postJson, requestJson, type JsonAnswer } from './dingtalkApi.js';

/** "send too fast, exceed 20 times per minute": the robot is throttled in that chat. */
export const DINGTALK_WEBHOOK_THROTTLED = 130101;
/** userIds one `oToMessages/batchSend` call takes at most (robot-batch-send doc). */
export const DINGTALK_BATCH_USERS = 20;
/** A session webhook this close to its expiry is not used (the send might land after it). */
const WEBHOOK_MARGIN_MS = 30_000;

export interface DingTalkSenderOptions {
  apiBase: string;
  clientId: string;
  clientSecret: string;
  robotCode: string;
  /** The older OpenAPI host, for media upload. */
  oapiBase: string;
  /** Buttons as interactive cards (presses reach the robot); false: ActionCard links, which a group robot may never see. */
  interactiveCards: boolean;
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
 * one-to-one batch send for a person. A message with buttons, or one that shows live counts, is
 * a robot interactive card (standard template) sent and updated through the OpenAPI:
 * POST /v1.0/im/v1.0/robot/interactiveCards/send, PUT /v1.0/im/robots/interactiveCards
 * (docs/platform-cards-files.md).
 */
export class DingTalkSender implements PlatformSender {
  readonly batchSize = DINGTALK_BATCH_USERS;
  private readonly token: AccessToken;

  constructor(private readonly opts: DingTalkSenderOptions) {
    this.token = new AccessToken(opts.apiBase, opts.clientId, opts.clientSecret);
  }

  async send(msg: OutboundMessage, opts?: SendOptions): Promise<void> {
    if (msg.updates) return this.updateCard(msg.updates, msg);
    if (msg.file && opts?.file) return this.sendFile(msg, msg.file.name, opts.file);
    if (opts && (msg.live || (msg.buttons?.length && this.opts.interactiveCards))) return this.sendCard(cardKeyOf(opts.deliveryId), msg);
    const hint = msg.replyHint;
    if (hint?.sessionWebhook && (hint.sessionWebhookExpiresAt ?? 0) > Date.now() + WEBHOOK_MARGIN_MS) {
      if (await this.viaWebhook(hint.sessionWebhook, msg)) return;
    }
    await this.viaApi(msg);
  }

  /** A file sent to the robot: its download code exchanged for a temporary URL (POST /v1.0/robot/messageFiles/download). */
  async download(downloadCode: string, maxBytes: number): Promise<Buffer> {
    const { body } = await this.call('POST', '/v1.0/robot/messageFiles/download', { downloadCode, robotCode: this.opts.robotCode });
    if (typeof body?.downloadUrl !== 'string') throw new SendError('dingtalk: no download URL', false);
    const res = await fetch(body.downloadUrl, { signal: AbortSignal.timeout(60_000) });
    if (!res.ok) throw new SendError(`dingtalk: download ${res.status}`, res.status >= 500);
    const length = Number(res.headers.get('content-length'));
    return readCapped(res.body, maxBytes, Number.isFinite(length) && length > 0 ? length : undefined);
  }

  /** True when sent; false when the webhook cannot be used now (throttled, expired, refused). */
  private async viaWebhook(url: string, msg: OutboundMessage): Promise<boolean> {
    const { status, body } = await postJson(url, webhookBody(msg));
    if (status >= 500) throw new SendError(`dingtalk webhook: ${status}`, true);
    return status === 200 && body?.errcode === 0;
  }

  /**
   * A file: uploaded as media (POST /media/upload, at most 20 MB), then the robot's file message
   * (`sampleFile`). The session webhook takes no files.
   */
  private async sendFile(msg: OutboundMessage, name: string, bytes: Buffer): Promise<void> {
    const form = new FormData();
    form.append('media', new Blob([bytes]), name);
    const token = await this.token.get();
    const { status, body } = await requestJson('POST', `${this.opts.oapiBase}/media/upload?access_token=${encodeURIComponent(token)}&type=file`, form);
    if (status !== 200 || body?.errcode !== 0 || typeof body?.media_id !== 'string') {
      if (body?.errcode === 40014) this.token.invalidate();
      throw new SendError(`dingtalk: media upload ${status} ${body?.errcode ?? ''}`.trim(), status >= 500 || body?.errcode === 40014 || body?.errcode === -1);
    }
    const fileType = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? 'file';
    await this.viaApi(msg, { msgKey: 'sampleFile', msgParam: JSON.stringify({ mediaId: body.media_id, fileName: name, fileType }) });
  }

  private async viaApi(msg: OutboundMessage, template = apiTemplate(msg)): Promise<void> {
    const to = this.receiver(msg);
    if ('group' in to) {
      await this.call('POST', '/v1.0/robot/groupMessages/send', { robotCode: this.opts.robotCode, openConversationId: to.group, ...template });
      return;
    }
    const { invalid, flowControlled } = await this.oneToOne([to.user], template);
    if (invalid.length) throw new SendError('dingtalk: staff id not reachable by the robot', false);
    if (flowControlled.length) throw new SendError('dingtalk: one-to-one send flow-controlled', true, 1000);
  }

  /** A text to up to 20 people in one call; those DingTalk names as invalid or flow-controlled are not reached. */
  async sendBatch(msg: OutboundMessage, userIds: string[]): Promise<BatchResult> {
    const { invalid, flowControlled } = await this.oneToOne(userIds, apiTemplate(msg));
    return { unreached: [...invalid, ...flowControlled] };
  }

  /** POST /v1.0/robot/oToMessages/batchSend; its two lists of people not reached are unverified field names (platforms.md B). */
  private async oneToOne(userIds: string[], template: ReturnType<typeof apiTemplate>): Promise<{ invalid: string[]; flowControlled: string[] }> {
    const { body } = await this.call('POST', '/v1.0/robot/oToMessages/batchSend', { robotCode: this.opts.robotCode, userIds, ...template });
    const ids = (list: unknown) => (Array.isArray(list) ? list.filter((u): u is string => typeof u === 'string') : []);
    return { invalid: ids(body?.invalidStaffIdList), flowControlled: ids(body?.flowControlledStaffIdList) };
  }

  /** Recorded first: a press can come back before the send returns, and names only the card. */
  private async sendCard(key: string, msg: OutboundMessage): Promise<void> {
    const to = this.receiver(msg);
    await rememberCard(key, msg);
    await this.call('POST', '/v1.0/im/v1.0/robot/interactiveCards/send', {
      cardTemplateId: 'StandardCard',
      robotCode: this.opts.robotCode,
      cardBizId: key,
      cardData: JSON.stringify(standardCard(msg)),
      ...('group' in to ? { openConversationId: to.group } : { singleChatReceiver: JSON.stringify({ userId: to.user }) }),
      sendOptions: {},
    });
  }

  private async updateCard(key: string, msg: OutboundMessage): Promise<void> {
    await this.call('PUT', '/v1.0/im/robots/interactiveCards', { cardBizId: key, cardData: JSON.stringify(standardCard(msg)) });
  }

  private receiver(msg: OutboundMessage): { group: string } | { user: string } {
    if (msg.replyHint?.chatType !== 'p2p' && msg.chatId) return { group: msg.chatId };
    const user = msg.userId ?? msg.replyHint?.userId;
    if (!user) throw new SendError('dingtalk: no route (one-to-one chat without a staff id)', false);
    return { user };
  }

  private async call(method: 'POST' | 'PUT', path: string, body: unknown): Promise<JsonAnswer> {
    const answer = await requestJson(method, `${this.opts.apiBase}${path}`, body, { 'x-acs-dingtalk-access-token': await this.token.get() });
    if (answer.status !== 200) throw dingtalkApiError(answer, () => this.token.invalidate());
    return answer;
  }
}
