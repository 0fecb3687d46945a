import { createHash } from 'node:crypto';
import type * as lark from '@larksuiteoapi/node-sdk';
import type { OutboundMessage } from '../../core/types.js';
import { cardKeyOf, readCapped, SendError, type BatchResult, type PlatformSender, type SendOptions } from '../../outbound/sender.js';
import { sentCard, setCardMessageId } from '../../store/sentCards.js';
import { rememberCard } from '../sentCardRecord.js';
import { renderLark, type LarkContent } from './larkContent.js';

/** Lark answers every rate limit with this code (HTTP 429, or 400 on older APIs). */
export const LARK_RATE_LIMITED = 99991400;
/** Too many messages into one chat (5/s, shared by all bots there). */
export const LARK_CHAT_RATE_LIMITED = 230020;
const TOKEN_INVALID = new Set([99991661, 99991663, 99991664, 99991671]);
const SYSTEM_BUSY = new Set([11232, 1000040343]);
/**
 * open_ids one batch message may name. Lark's page for the API (open.larkoffice.com/document/
 * ukTMukTMukTM/ucDO1EjL3gTNx4yN4UTM: users only, asynchronous, 1000/min and 50/s, 500,000 a day per
 * app) gave no per-call maximum in what we could read; 200 is a third-party note's figure (unverified).
 */
export const LARK_BATCH_OPEN_IDS = 200;

interface LarkBody {
  code?: number;
  msg?: string;
  data?: { message_id?: string; invalid_open_ids?: string[] };
}

/** The SDK's token cache (its `Cache` shape), with a way to drop a token Lark refused. */
export class LarkTokenCache {
  private readonly values = new Map<string, { value: unknown; expiredTime?: number }>();
  private key = (key: string | Symbol, namespace?: string) => `${namespace ?? ''}/${key.toString()}`;

  async get(key: string | Symbol, options?: { namespace?: string }): Promise<any> {
    const entry = this.values.get(this.key(key, options?.namespace));
    return entry && (!entry.expiredTime || entry.expiredTime > Date.now()) ? entry.value : undefined;
  }

  async set(key: string | Symbol, value: unknown, expiredTime?: number, options?: { namespace?: string }): Promise<boolean> {
    this.values.set(this.key(key, options?.namespace), { value, expiredTime });
    return true;
  }

  clear(): void {
    this.values.clear();
  }
}

/** Judges a Lark failure: thrown (non-2xx, network) or answered with a non-zero code. */
export function larkSendError(err: unknown, onTokenInvalid: () => void): SendError {
  const response = (err as { response?: { status?: number; data?: LarkBody; headers?: Record<string, string> } }).response;
  const body: LarkBody | undefined = response ? response.data : (err as { larkBody?: LarkBody }).larkBody;
  const code = body?.code;
  const what = `lark: ${code !== undefined ? `code ${code} ${body?.msg ?? ''}` : err instanceof Error ? err.message : String(err)}`.trim();
  if (code === LARK_RATE_LIMITED || (response?.status === 429 && code === undefined)) {
    const reset = Number(response?.headers?.['x-ogw-ratelimit-reset']);
    return new SendError(what, true, Number.isFinite(reset) && reset > 0 ? reset * 1000 : 1000, 'app');
  }
  if (code === LARK_CHAT_RATE_LIMITED) return new SendError(what, true, 1000, 'chat');
  if (code !== undefined && TOKEN_INVALID.has(code)) {
    onTokenInvalid();
    return new SendError(what, true);
  }
  if (code !== undefined && SYSTEM_BUSY.has(code)) return new SendError(what, true);
  if (!response && code === undefined) return new SendError(what, true); // network fault, token fetch failure
  if ((response?.status ?? 0) >= 500) return new SendError(what, true);
  return new SendError(what, false);
}

/** Lark keeps one message per `uuid` for an hour: a resend after a crash is not shown twice. */
const uuidOf = (deliveryId: string) => createHash('sha256').update(deliveryId).digest('hex').slice(0, 40);

/**
 * Sends through the IM API: a reply to the triggering message when known, else to the chat or
 * person. A live card is recorded with its message id, which its updates PATCH
 * (/open-apis/im/v1/messages/:message_id; the card has `update_multi`, so everyone sees them).
 */
export class LarkSender implements PlatformSender {
  readonly batchSize = LARK_BATCH_OPEN_IDS;

  constructor(
    private readonly client: lark.Client,
    private readonly tokens: LarkTokenCache,
  ) {}

  async send(msg: OutboundMessage, opts?: SendOptions): Promise<void> {
    if (msg.updates) return this.update(msg.updates, msg);
    const card = msg.live && opts ? cardKeyOf(opts.deliveryId) : undefined;
    if (card) await rememberCard(card, msg);
    const sent = await this.deliver(msg, opts);
    if (card && sent.data?.message_id) await setCardMessageId(card, sent.data.message_id);
  }

  /**
   * One text to many people: POST /open-apis/message/v4/batch_send/ (its `content` an object, not
   * a JSON string). Lark delivers it later (a `bm-` message); the open_ids it refuses come back
   * as `invalid_open_ids`. It has no `uuid`: a batch whose answer was lost to a crash goes again.
   */
  async sendBatch(msg: OutboundMessage, openIds: string[]): Promise<BatchResult> {
    const { msg_type, content } = renderLark(msg);
    const data = { msg_type, content: JSON.parse(content) as unknown, open_ids: openIds };
    const body = await this.call(() => this.client.request<LarkBody>({ method: 'POST', url: '/open-apis/message/v4/batch_send/', data }));
    return { unreached: body.data?.invalid_open_ids ?? [] };
  }

  private async deliver(msg: OutboundMessage, opts?: SendOptions): Promise<LarkBody> {
    const rendered = msg.file && opts?.file ? await this.uploaded(msg.file.name, opts.file) : renderLark(msg);
    const uuid = opts ? uuidOf(opts.deliveryId) : undefined;
    const replyTo = msg.replyHint?.messageId;
    if (replyTo) {
      try {
        return await this.call(() => this.client.im.message.reply({ path: { message_id: replyTo }, data: { ...rendered, uuid } }));
      } catch (err) {
        // A reply can fail for good when the message was withdrawn; the chat still gets the answer.
        if (!(err instanceof SendError) || err.retryable || !msg.chatId) throw err;
      }
    }
    const [idType, id] = msg.chatId ? (['chat_id', msg.chatId] as const) : (['open_id', msg.userId ?? ''] as const);
    return this.call(() => this.client.im.message.create({ params: { receive_id_type: idType }, data: { receive_id: id, ...rendered, uuid } }));
  }

  /**
   * A file message's content: the file uploaded first (POST /open-apis/im/v1/files, at most 30 MB).
   * The SDK answers this call with the body's `data` alone, so a refusal shows as no file key.
   */
  private async uploaded(name: string, bytes: Buffer): Promise<LarkContent> {
    const fileType = /\.xlsx?$/i.test(name) ? 'xls' : 'stream';
    let data: { file_key?: string } | null;
    try {
      data = await this.client.im.file.create({ data: { file_type: fileType, file_name: name, file: bytes } });
    } catch (err) {
      throw larkSendError(err, () => this.tokens.clear());
    }
    if (!data?.file_key) throw new SendError('lark: file upload refused', false);
    return { msg_type: 'file', content: JSON.stringify({ file_key: data.file_key }) };
  }

  /** A file of a message in a chat of the bot's (GET /open-apis/im/v1/messages/:id/resources/:file_key?type=file). */
  async download(ref: string, maxBytes: number): Promise<Buffer> {
    const [messageId, fileKey] = ref.split('/') as [string, string];
    const res = await this.client.im.messageResource.get({ path: { message_id: messageId, file_key: fileKey }, params: { type: 'file' } });
    const length = Number((res.headers as Record<string, string> | undefined)?.['content-length']);
    return readCapped(res.getReadableStream(), maxBytes, Number.isFinite(length) ? length : undefined);
  }

  private async update(key: string, msg: OutboundMessage): Promise<void> {
    const messageId = (await sentCard(key))?.messageId;
    if (!messageId) throw new SendError(`lark: card ${key} has no message id yet`, true);
    const { content } = renderLark(msg);
    await this.call(() => this.client.im.message.patch({ path: { message_id: messageId }, data: { content } }));
  }

  private async call(request: () => Promise<LarkBody>): Promise<LarkBody> {
    let body: LarkBody;
    try {
      body = await request();
    } catch (err) {
      throw larkSendError(err, () => this.tokens.clear());
    }
    if (body.code !== 0) throw larkSendError({ larkBody: body }, () => this.tokens.clear());
    return body;
  }
}
