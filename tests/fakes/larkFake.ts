import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { AckBook, FakeServer, FaultPlan, ReplyBook, SlidingWindow, fakeId, formOf, pickRandom, until, type JsonRequest, type JsonResponse } from './common.js';
import { CONTROL, DATA, decodeFrame, encodeFrame, headerOf } from './larkFrames.js';

/** open_ids the fake takes in one batch message (see `LARK_BATCH_OPEN_IDS`). */
export const LARK_BATCH_MAX_OPEN_IDS = 200;

export interface LarkUser {
  openId: string;
  name?: string;
}
export interface LarkChat {
  id: string;
  type: 'group' | 'p2p';
  name?: string;
}

export interface LarkFakeOptions {
  appId?: string;
  appSecret?: string;
  botOpenId?: string;
  botName?: string;
  tokenExpireSeconds?: number;
  /** An event not acknowledged with code 200 within this is pushed again (Lark: 3 s). */
  redeliverAfterMs?: number;
  /** Pushes of one event at most, the first included. */
  maxDeliveries?: number;
  /** Fragments per event frame, to exercise the SDK's reassembly. */
  fragments?: number;
  /** The platform's own send limits; `false` turns them off. */
  limits?: { appPerSecond: number; appPerMinute: number; chatPerSecond: number } | false;
  /** The app was granted `contact:user.phone:readonly`: the contact API includes users' mobiles. */
  phoneScope?: boolean;
}

/** A person in the tenant's contacts, as the contact API describes them. */
export interface LarkContact {
  name: string;
  /** As Lark gives it: with the country code, "+8613800000000". */
  mobile: string;
}

export interface PushResult {
  eventId: string;
  messageId?: string;
  sentAt: number;
}

export interface AckInfo {
  code: number;
  /** The handler's result the SDK sent back (decoded from base64 JSON). */
  data?: unknown;
  at: number;
}

interface Delivery {
  eventId: string;
  payload: Buffer;
  type: 'event' | 'card';
  pushes: number;
  frameIds: string[];
  timer?: NodeJS.Timeout;
}

interface Connection {
  ws: WebSocket;
  deviceId: string;
  ready: boolean;
}

const CLIENT_CONFIG = { PingInterval: 5, ReconnectCount: -1, ReconnectInterval: 1, ReconnectNonce: 0 };
const MAX_CONNECTIONS = 50;
const SERVICE_ID = 7;

/** What the fake Lark counted, for tests and benchmarks. */
export interface LarkCounters {
  tokenRequests: number;
  endpointRequests: number;
  connections: number;
  pings: number;
  pushes: number;
  redeliveries: number;
  acks: number;
  failedAcks: number;
  sends: number;
  cardUpdates: number;
  uploads: number;
  deduplicatedSends: number;
  throttled: number;
  rejectedAuth: number;
  unanswered: number;
  /** Calls of the batch message API (each person it reached counts in `sends` too). */
  batchSends: number;
}

/**
 * A local Lark/Feishu open platform that the real `@larksuiteoapi/node-sdk` connects to: tenant
 * token, long-connection endpoint and WebSocket (protobuf frames through the SDK's own codec,
 * split in fragments, acknowledged per frame, pushed again when not acknowledged in time, each to
 * one random connection as Lark's cluster mode does), and the IM send/reply/members API with
 * Lark's rate limits, error codes and `uuid` de-duplication.
 */
export class LarkFake {
  readonly appId: string;
  readonly appSecret: string;
  readonly botOpenId: string;
  readonly botName: string;
  readonly replies = new ReplyBook();
  /**
   * Faults to inject into sends: `rateLimit` (HTTP 429, 99991400, with x-ogw-ratelimit-reset),
   * `chatRateLimit` (230020), `invalid` (HTTP 400, 230001: never retried), `unavailable` (HTTP 503),
   * `unanswered` (a send lost on the way: never answered nor recorded, so its sender hangs on it).
   */
  readonly faults = new FaultPlan<'rateLimit' | 'chatRateLimit' | 'invalid' | 'unavailable' | 'unanswered'>();
  /** Sends left unanswered (`unanswered` faults), answered 503 when the fake closes. */
  private readonly unanswered: Array<() => void> = [];
  readonly counters: LarkCounters = {
    tokenRequests: 0, endpointRequests: 0, connections: 0, pings: 0, pushes: 0, redeliveries: 0,
    acks: 0, failedAcks: 0, sends: 0, cardUpdates: 0, uploads: 0, deduplicatedSends: 0, throttled: 0, rejectedAuth: 0, unanswered: 0, batchSends: 0,
  };
  private readonly server: FakeServer;
  private readonly tokens = new Map<string, number>();
  private readonly devices = new Set<string>();
  private readonly connections = new Set<Connection>();
  private readonly deliveries = new Map<string, Delivery>();
  private readonly acks = new AckBook<AckInfo>();
  private readonly byFrame = new Map<string, Delivery>();
  private readonly waitingForConnection: Delivery[] = [];
  /** Every message in the platform (pushed by users or sent by the bot), by id: its chat. */
  private readonly messages = new Map<string, string>();
  /** Files by `file_key`: uploaded by the bot (im/v1/files) or sent by users in messages. */
  readonly files = new Map<string, { name: string; bytes: Buffer; messageId?: string }>();
  /** Interactive cards sent: their chat, when, their current content, and the times they were updated. */
  readonly cards = new Map<string, { chatId: string; sentAt: number; content: any; updates: number[] }>();
  /** At most 5 updates a second to one message (message/patch). */
  private readonly patchWindow = new SlidingWindow(5, 1000);
  private readonly byUuid = new Map<string, { message_id: string; chat_id: string }>();
  private readonly chats = new Map<string, { chat: LarkChat; members: Map<string, string> }>();
  /** Each user's one-to-one chat with the bot (a batch of 200 looks up 200; 150,000 chats are too many to scan). */
  private readonly p2pByUser = new Map<string, string>();
  /** The tenant's contacts by open_id. */
  readonly contacts = new Map<string, LarkContact>();
  private readonly appWindows: SlidingWindow[];
  /** The batch message API's own limits (Lark limits each API apart). */
  private readonly batchWindows: SlidingWindow[];
  private readonly chatWindow?: SlidingWindow;
  /** open_ids outside the bot's availability: sends to them are refused, batches list them as invalid. */
  readonly unreachable = new Set<string>();
  private seq = 0;

  constructor(private readonly opts: LarkFakeOptions = {}) {
    this.appId = opts.appId ?? 'cli_0123456789abcdef';
    this.appSecret = opts.appSecret ?? 'fake-lark-secret';
    this.botOpenId = opts.botOpenId ?? 'ou_bot000000000000000000000000000';
    this.botName = opts.botName ?? '统计网格助手';
    const limits = opts.limits === false ? undefined : (opts.limits ?? { appPerSecond: 50, appPerMinute: 1000, chatPerSecond: 5 });
    const appWindows = () => (limits ? [new SlidingWindow(limits.appPerSecond, 1000), new SlidingWindow(limits.appPerMinute, 60_000)] : []);
    this.appWindows = appWindows();
    this.batchWindows = appWindows();
    this.chatWindow = limits ? new SlidingWindow(limits.chatPerSecond, 1000) : undefined;
    this.server = new FakeServer((req) => this.route(req), (req) => this.acceptSocket(req));
    this.server.wss.on('connection', (ws, req) => this.onConnection(ws, req));
  }

  static async start(opts: LarkFakeOptions = {}): Promise<LarkFake> {
    const fake = new LarkFake(opts);
    await fake.server.listen();
    return fake;
  }

  /** The base URL to give the SDK as `domain` (LARK_DOMAIN). */
  get domain(): string {
    return this.server.url;
  }

  get openConnections(): number {
    return [...this.connections].filter((c) => c.ready).length;
  }

  // ---- what users do -------------------------------------------------------------------------

  /** A user types `text` in a chat; in a group the bot is @-mentioned first unless told not to. */
  pushText(p: { from: LarkUser; chat: LarkChat; text: string; mentionBot?: boolean; eventId?: string }): PushResult {
    this.remember(p.chat, p.from);
    const mention = p.mentionBot ?? p.chat.type === 'group';
    const messageId = fakeId('om_', 32);
    this.messages.set(messageId, p.chat.id);
    const now = Date.now();
    return this.pushEvent(
      'im.message.receive_v1',
      {
        sender: { sender_id: this.idsOf(p.from), sender_type: 'user', tenant_key: 'tenant-fake' },
        message: {
          message_id: messageId,
          create_time: String(now),
          chat_id: p.chat.id,
          chat_type: p.chat.type,
          message_type: 'text',
          content: JSON.stringify({ text: mention ? `@_user_1 ${p.text}` : p.text }),
          ...(mention
            ? { mentions: [{ key: '@_user_1', id: { open_id: this.botOpenId, union_id: 'on_bot' }, name: this.botName, tenant_key: 'tenant-fake' }] }
            : {}),
        },
      },
      { eventId: p.eventId, messageId },
    );
  }

  /** A user sends a file (to the bot one-to-one, or in a group): a `file` message naming its key. */
  pushFile(p: { from: LarkUser; chat: LarkChat; name: string; bytes: Buffer }): PushResult & { fileKey: string } {
    this.remember(p.chat, p.from);
    const messageId = fakeId('om_', 32);
    const fileKey = fakeId('file_v3_', 32);
    this.messages.set(messageId, p.chat.id);
    this.files.set(fileKey, { name: p.name, bytes: p.bytes, messageId });
    const pushed = this.pushEvent(
      'im.message.receive_v1',
      {
        sender: { sender_id: this.idsOf(p.from), sender_type: 'user', tenant_key: 'tenant-fake' },
        message: {
          message_id: messageId, create_time: String(Date.now()), chat_id: p.chat.id, chat_type: p.chat.type,
          message_type: 'file', content: JSON.stringify({ file_key: fileKey, file_name: p.name }),
        },
      },
      { messageId },
    );
    return { ...pushed, fileKey };
  }

  /** Someone adds the bot to a group. */
  addBotToChat(p: { chat: LarkChat; by: LarkUser }): PushResult {
    this.remember(p.chat, p.by);
    return this.pushEvent('im.chat.member.bot.added_v1', {
      chat_id: p.chat.id,
      operator_id: this.idsOf(p.by),
      external: false,
      operator_tenant_key: 'tenant-fake',
      name: p.chat.name ?? p.chat.id,
      i18n_names: { zh_cn: p.chat.name ?? p.chat.id },
    });
  }

  /** A user presses a card button: the new card callback, pushed as an event (`card.action.trigger`). */
  pressButton(p: { from: LarkUser; messageId: string; value: unknown }): PushResult {
    const chatId = this.messages.get(p.messageId) ?? 'oc_unknown';
    return this.pushEvent('card.action.trigger', {
      operator: { ...this.idsOf(p.from), tenant_key: 'tenant-fake' },
      token: fakeId('c-', 32),
      action: { value: p.value, tag: 'button' },
      host: 'im_message',
      context: { open_message_id: p.messageId, open_chat_id: chatId },
    });
  }

  /** Pushes any schema 2.0 event. */
  pushEvent(eventType: string, event: unknown, o: { eventId?: string; messageId?: string } = {}): PushResult {
    const eventId = o.eventId ?? fakeId('ev_', 32);
    const body = {
      schema: '2.0',
      header: { event_id: eventId, event_type: eventType, create_time: String(Date.now()), token: 'verification-token', app_id: this.appId, tenant_key: 'tenant-fake' },
      event,
    };
    this.startDelivery(eventId, Buffer.from(JSON.stringify(body)), 'event');
    return { eventId, messageId: o.messageId, sentAt: Date.now() };
  }

  /** Pushes a payload as it is (for malformed events); returns its delivery id. */
  pushRaw(payload: string, type: 'event' | 'card' = 'event'): string {
    const id = fakeId('raw_', 32);
    this.startDelivery(id, Buffer.from(payload), type);
    return id;
  }

  /** Pushes an event again, as Lark may even after an acknowledgement (same event id, new frame). */
  redeliver(eventId: string): void {
    const d = this.deliveries.get(eventId);
    if (!d) throw new Error(`no event ${eventId}`);
    this.acks.forget(eventId);
    this.counters.redeliveries++;
    this.push(d);
  }

  ackOf(eventId: string): AckInfo | undefined {
    return this.acks.of(eventId);
  }

  /** How many times an event was pushed. */
  pushesOf(eventId: string): number {
    return this.deliveries.get(eventId)?.pushes ?? 0;
  }

  /** Resolves when the event is acknowledged (any code). */
  acked(eventId: string, timeoutMs = 15_000): Promise<AckInfo> {
    return this.acks.wait(eventId, timeoutMs);
  }

  /** Drops every long connection (the SDK reconnects through the endpoint). */
  dropConnections(): number {
    for (const c of this.connections) c.ready = false;
    return this.server.dropSockets();
  }

  /** Resolves once `count` connections are open and ready for pushes. */
  connected(count = 1, timeoutMs = 15_000): Promise<void> {
    return until(() => this.openConnections >= count, timeoutMs, () => `expected ${count} Lark connections, have ${this.openConnections}`);
  }

  /** What must never appear in a log: the app secret and every token handed out. */
  secrets(): string[] {
    return [this.appSecret, ...this.tokens.keys()];
  }

  /** The members of a chat the fake has seen (the bot is never listed, as on Lark). */
  membersOf(chatId: string): string[] {
    return [...(this.chats.get(chatId)?.members.keys() ?? [])];
  }

  async close(): Promise<void> {
    for (const d of this.deliveries.values()) clearTimeout(d.timer);
    for (const answer of this.unanswered.splice(0)) answer();
    await this.server.close();
  }

  // ---- the long connection -------------------------------------------------------------------

  private startDelivery(eventId: string, payload: Buffer, type: 'event' | 'card'): void {
    const d: Delivery = { eventId, payload, type, pushes: 0, frameIds: [] };
    this.deliveries.set(eventId, d);
    this.push(d);
  }

  private push(d: Delivery): void {
    const conn = pickRandom([...this.connections].filter((c) => c.ready));
    if (!conn) {
      this.waitingForConnection.push(d);
      return;
    }
    d.pushes++;
    this.counters.pushes++;
    const frameId = fakeId('msg_', 32);
    d.frameIds.push(frameId);
    this.byFrame.set(frameId, d);
    const parts = Math.max(1, Math.min(this.opts.fragments ?? 2, d.payload.length));
    const size = Math.ceil(d.payload.length / parts);
    for (let i = 0; i < parts; i++) {
      const n = ++this.seq;
      conn.ws.send(
        encodeFrame({
          SeqID: n,
          LogID: n,
          service: SERVICE_ID,
          method: DATA,
          headers: [
            { key: 'type', value: d.type },
            { key: 'message_id', value: frameId },
            { key: 'sum', value: String(parts) },
            { key: 'seq', value: String(i) },
            { key: 'trace_id', value: fakeId('trace_', 16) },
          ],
          payload: d.payload.subarray(i * size, (i + 1) * size),
        }),
      );
    }
    clearTimeout(d.timer);
    d.timer = setTimeout(() => {
      if (this.acks.of(d.eventId)?.code === 200) return;
      if (d.pushes >= (this.opts.maxDeliveries ?? 4)) return;
      this.counters.redeliveries++;
      this.push(d);
    }, this.opts.redeliverAfterMs ?? 3000);
    d.timer.unref();
  }

  private acceptSocket(req: IncomingMessage): boolean {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    return url.pathname === '/ws' && this.devices.has(url.searchParams.get('device_id') ?? '');
  }

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    const deviceId = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('device_id')!;
    const conn: Connection = { ws, deviceId, ready: false };
    this.connections.add(conn);
    this.counters.connections++;
    // The SDK attaches its frame listener only after its open promise settles: wait a moment.
    setTimeout(() => {
      if (ws.readyState !== ws.OPEN) return;
      conn.ready = true;
      for (const d of this.waitingForConnection.splice(0)) this.push(d);
    }, 100).unref();
    ws.on('message', (data: Buffer) => this.onFrame(conn, data));
    ws.on('close', () => {
      conn.ready = false;
      this.connections.delete(conn);
    });
    ws.on('error', () => undefined);
  }

  private onFrame(conn: Connection, data: Buffer): void {
    const frame = decodeFrame(data);
    if (frame.method === CONTROL && headerOf(frame, 'type') === 'ping') {
      this.counters.pings++;
      conn.ws.send(
        encodeFrame({ SeqID: 0, LogID: 0, service: SERVICE_ID, method: CONTROL, headers: [{ key: 'type', value: 'pong' }], payload: Buffer.from(JSON.stringify(CLIENT_CONFIG)) }),
      );
      return;
    }
    if (frame.method !== DATA) return;
    const d = this.byFrame.get(headerOf(frame, 'message_id') ?? '');
    if (!d) return;
    const body = JSON.parse(Buffer.from(frame.payload ?? []).toString('utf8')) as { code: number; data?: string };
    const ack: AckInfo = {
      code: body.code,
      data: body.data ? JSON.parse(Buffer.from(body.data, 'base64').toString('utf8')) : undefined,
      at: Date.now(),
    };
    if (ack.code === 200) this.counters.acks++;
    else this.counters.failedAcks++;
    this.acks.record(d.eventId, ack);
  }

  // ---- the open API --------------------------------------------------------------------------

  private route(req: JsonRequest): JsonResponse | Promise<JsonResponse> | undefined {
    const { method, path } = req;
    if (method === 'POST' && path === '/open-apis/auth/v3/tenant_access_token/internal') return this.tenantToken(req);
    if (method === 'POST' && path === '/callback/ws/endpoint') return this.endpoint(req);
    if (!this.authorized(req)) {
      this.counters.rejectedAuth++;
      return { status: 400, body: { code: 99991663, msg: 'Invalid access token for authorization. Please make a request with token attached.' } };
    }
    if (method === 'GET' && path === '/open-apis/bot/v3/info') {
      return { body: { code: 0, msg: 'ok', bot: { activate_status: 2, app_name: this.botName, avatar_url: '', ip_white_list: [], open_id: this.botOpenId } } };
    }
    if (method === 'POST' && path === '/open-apis/im/v1/messages') return this.send(req, undefined);
    if (method === 'POST' && path === '/open-apis/message/v4/batch_send/') return this.batchSend(req);
    const reply = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/.exec(path);
    if (method === 'POST' && reply) return this.send(req, reply[1]);
    const contact = /^\/open-apis\/contact\/v3\/users\/([^/]+)$/.exec(path);
    if (method === 'GET' && contact) return this.contact(decodeURIComponent(contact[1]!), req);
    const members = /^\/open-apis\/im\/v1\/chats\/([^/]+)\/members$/.exec(path);
    if (method === 'GET' && members) return this.members(members[1]!, req);
    const patch = /^\/open-apis\/im\/v1\/messages\/([^/]+)$/.exec(path);
    if (method === 'PATCH' && patch) return this.patchCard(patch[1]!, req);
    if (method === 'POST' && path === '/open-apis/im/v1/files') return this.uploadFile(req);
    const resource = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/resources\/([^/]+)$/.exec(path);
    if (method === 'GET' && resource) return this.messageResource(resource[1]!, resource[2]!, req);
    return undefined;
  }

  /**
   * GET contact/v3/users/:user_id: the user's record; `mobile` only with the phone scope. A user
   * outside the app's contact range is refused (41050, "no user authority").
   */
  private contact(userId: string, req: JsonRequest): JsonResponse {
    const idType = req.query.get('user_id_type') ?? 'open_id';
    const person = idType === 'open_id' ? this.contacts.get(userId) : undefined;
    if (!person) return { status: 400, body: { code: 41050, msg: 'no user authority error' } };
    const user = {
      open_id: userId, union_id: `on_${userId.slice(3)}`, name: person.name, en_name: '', status: { is_activated: true },
      ...(this.opts.phoneScope ? { mobile: person.mobile, mobile_visible: true } : {}),
    };
    return { body: { code: 0, msg: 'success', data: { user } } };
  }

  private tenantToken(req: JsonRequest): JsonResponse {
    this.counters.tokenRequests++;
    if (req.body?.app_id !== this.appId || req.body?.app_secret !== this.appSecret) {
      return { body: { code: 10014, msg: 'app secret invalid' } };
    }
    const token = fakeId('t-', 40);
    const expire = this.opts.tokenExpireSeconds ?? 7200;
    this.tokens.set(token, Date.now() + expire * 1000);
    return { body: { code: 0, msg: 'ok', tenant_access_token: token, expire } };
  }

  private endpoint(req: JsonRequest): JsonResponse {
    this.counters.endpointRequests++;
    if (req.body?.AppID !== this.appId || req.body?.AppSecret !== this.appSecret) {
      return { body: { code: 514, msg: 'auth failed', data: {} } };
    }
    if (this.connections.size >= MAX_CONNECTIONS) return { body: { code: 1000040350, msg: 'exceed connection limit', data: {} } };
    const deviceId = fakeId('dev_', 16);
    this.devices.add(deviceId);
    return {
      body: {
        code: 0,
        msg: 'ok',
        data: { URL: `ws://127.0.0.1:${this.server.port}/ws?fpid=1&device_id=${deviceId}&service_id=${SERVICE_ID}`, ClientConfig: CLIENT_CONFIG },
      },
    };
  }

  private authorized(req: JsonRequest): boolean {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const expires = token ? this.tokens.get(token) : undefined;
    return expires !== undefined && expires > Date.now();
  }

  /** Send (`parent` unset) or reply: limits first, then the `uuid` de-duplication, then record. */
  private send(req: JsonRequest, parent: string | undefined): JsonResponse | Promise<JsonResponse> {
    if (this.faults.take('unanswered')) {
      this.counters.unanswered++;
      return new Promise((resolve) => this.unanswered.push(() => resolve({ status: 503, body: { code: 1, msg: 'closed' } })));
    }
    const body = req.body ?? {};
    if (!parent && req.query.get('receive_id_type') === 'open_id' && this.unreachable.has(body.receive_id)) {
      return { status: 400, body: { code: 230013, msg: 'Bot has NO availability to this user.' } };
    }
    const chatId = parent ? this.messages.get(parent) : this.targetChat(req.query.get('receive_id_type'), body.receive_id);
    if (!chatId) return { status: 400, body: { code: 230001, msg: 'invalid request parameter: message or receiver not found' } };
    const throttled = this.throttled(chatId);
    if (throttled) return throttled;
    if (this.faults.take('unavailable')) return { status: 503, body: { code: 1, msg: 'service unavailable' } };
    if (this.faults.take('invalid')) return { status: 400, body: { code: 230001, msg: 'invalid request parameter' } };
    if (typeof body.content !== 'string' || !['text', 'interactive', 'post', 'file'].includes(body.msg_type)) {
      return { status: 400, body: { code: 230001, msg: 'invalid request parameter' } };
    }
    let content: any;
    try {
      content = JSON.parse(body.content);
    } catch {
      return { status: 400, body: { code: 230001, msg: 'invalid request parameter: content is not JSON' } };
    }
    const seen = body.uuid ? this.byUuid.get(body.uuid) : undefined;
    if (seen) {
      this.counters.deduplicatedSends++;
      return { body: { code: 0, msg: 'success', data: this.messageObject(seen.message_id, seen.chat_id, body) } };
    }
    this.counters.sends++;
    const messageId = fakeId('om_', 32);
    this.messages.set(messageId, chatId);
    if (body.uuid) this.byUuid.set(body.uuid, { message_id: messageId, chat_id: chatId });
    if (body.msg_type === 'file' && !this.files.has(content.file_key)) return { status: 400, body: { code: 230001, msg: 'invalid request parameter: unknown file_key' } };
    const { text, buttons } =
      body.msg_type === 'interactive' ? readCard(content)
      : body.msg_type === 'file' ? { text: this.files.get(content.file_key)!.name, buttons: [] }
      : { text: String(content.text ?? ''), buttons: [] };
    if (body.msg_type === 'interactive') this.cards.set(messageId, { chatId, sentAt: Date.now(), content, updates: [] });
    this.replies.add({
      chatId,
      kind: body.msg_type === 'interactive' ? 'card' : body.msg_type,
      text,
      buttons,
      inReplyTo: parent,
      via: parent ? 'reply' : 'send',
      receivedAt: Date.now(),
      raw: { ...body, message_id: messageId },
    });
    return { body: { code: 0, msg: 'success', data: this.messageObject(messageId, chatId, body) } };
  }

  /**
   * POST /open-apis/message/v4/batch_send/ {msg_type, content (an object), open_ids}: one message to
   * each user, recorded in their one-to-one chat (`via: 'batchSend'`); users only, at most
   * `LARK_BATCH_MAX_OPEN_IDS` a call (our assumption, see larkSender.ts), limited apart from the send
   * API. Unreachable users come back in `invalid_open_ids`. Lark delivers later; the fake at once.
   */
  private batchSend(req: JsonRequest): JsonResponse {
    const throttled = this.throttled(undefined, this.batchWindows);
    if (throttled) return throttled;
    const body = req.body ?? {};
    const openIds: unknown = body.open_ids;
    if (!Array.isArray(openIds) || !openIds.length || openIds.some((id) => typeof id !== 'string')) {
      return { status: 400, body: { code: 230001, msg: 'invalid request parameter: open_ids' } };
    }
    if (openIds.length > LARK_BATCH_MAX_OPEN_IDS) return { status: 400, body: { code: 230001, msg: `invalid request parameter: more than ${LARK_BATCH_MAX_OPEN_IDS} open_ids` } };
    if (body.msg_type !== 'text' || typeof body.content?.text !== 'string') return { status: 400, body: { code: 230001, msg: 'invalid request parameter: content' } };
    this.counters.batchSends++;
    const messageId = fakeId('bm-', 32);
    const invalid = openIds.filter((id: string) => this.unreachable.has(id));
    for (const openId of openIds.filter((id: string) => !this.unreachable.has(id))) {
      this.counters.sends++;
      this.replies.add({ chatId: this.p2pChatOf(openId), kind: 'text', text: body.content.text, buttons: [], via: 'batchSend', receivedAt: Date.now(), raw: { ...body, open_ids: undefined, message_id: messageId } });
    }
    return { body: { code: 0, msg: 'success', data: { message_id: messageId, invalid_department_ids: [], invalid_open_ids: invalid, invalid_user_ids: [] } } };
  }

  /**
   * PATCH /open-apis/im/v1/messages/:message_id: a sent card's new content. Lark's rules
   * (message/patch): cards only (230001 otherwise), within 14 days (230031, code unverified), at most
   * 5 updates a second per message (230020).
   */
  private patchCard(messageId: string, req: JsonRequest): JsonResponse {
    const card = this.cards.get(messageId);
    if (!card) return { status: 400, body: { code: 230001, msg: 'invalid request parameter: not a card message' } };
    if (Date.now() - card.sentAt > 14 * 24 * 3600_000) return { status: 400, body: { code: 230031, msg: 'the message can not be updated after 14 days' } };
    if (this.patchWindow.hit(messageId) > 0) {
      this.counters.throttled++;
      return { status: 400, body: { code: 230020, msg: 'This message is updated too frequently, please try again later.' } };
    }
    let content: any;
    try {
      content = JSON.parse(req.body?.content);
    } catch {
      return { status: 400, body: { code: 230001, msg: 'invalid request parameter: content is not JSON' } };
    }
    card.content = content;
    card.updates.push(Date.now());
    this.counters.cardUpdates++;
    return { body: { code: 0, msg: 'success', data: {} } };
  }

  /**
   * POST /open-apis/im/v1/files (multipart: file_type, file_name, file): at most 30 MB and not
   * empty (file/create). Codes: 234001 bad parameter; 234006 too large, 234010 empty (unverified).
   */
  private uploadFile(req: JsonRequest): JsonResponse {
    const form = formOf(req);
    const file = form?.get('file');
    const type = form?.get('file_type')?.data.toString('utf8');
    const name = form?.get('file_name')?.data.toString('utf8');
    if (!file || !type || !name || !FILE_TYPES.has(type)) return { status: 400, body: { code: 234001, msg: 'Invalid request param.' } };
    if (file.data.length === 0) return { status: 400, body: { code: 234010, msg: 'File cannot be empty.' } };
    if (file.data.length > 30 * 1024 * 1024) return { status: 400, body: { code: 234006, msg: 'The file size exceed the max value.' } };
    const fileKey = fakeId('file_v3_', 32);
    this.files.set(fileKey, { name, bytes: Buffer.from(file.data) });
    this.counters.uploads++;
    return { body: { code: 0, msg: 'success', data: { file_key: fileKey } } };
  }

  /** GET /open-apis/im/v1/messages/:message_id/resources/:file_key?type=file: a file of a message in a chat of the bot's. */
  private messageResource(messageId: string, fileKey: string, req: JsonRequest): JsonResponse {
    const file = this.files.get(fileKey);
    if (req.query.get('type') !== 'file' && req.query.get('type') !== 'image') return { status: 400, body: { code: 234001, msg: 'Invalid request param.' } };
    if (!file || file.messageId !== messageId) return { status: 400, body: { code: 234003, msg: 'File not in msg.' } };
    return { body: undefined, bytes: file.bytes };
  }

  /** A card's text as it shows now (after its updates). */
  cardTextOf(messageId: string): string | undefined {
    const card = this.cards.get(messageId);
    return card && readCard(card.content).text;
  }

  private throttled(chatId: string | undefined, appWindows = this.appWindows): JsonResponse | undefined {
    const now = Date.now();
    const appWait = this.faults.take('rateLimit') ? 1000 : Math.max(0, ...appWindows.map((w) => w.hit('app', now)));
    if (appWait > 0) {
      this.counters.throttled++;
      return {
        status: 429,
        headers: { 'x-ogw-ratelimit-limit': '50', 'x-ogw-ratelimit-reset': String(Math.max(1, Math.ceil(appWait / 1000))) },
        body: { code: 99991400, msg: 'request trigger frequency limit' },
      };
    }
    if (chatId !== undefined && (this.faults.take('chatRateLimit') || (this.chatWindow?.hit(chatId, now) ?? 0) > 0)) {
      this.counters.throttled++;
      return { status: 400, body: { code: 230020, msg: 'This chat is sending messages too frequently, please try again later.' } };
    }
    return undefined;
  }

  private targetChat(idType: string | null, receiveId: unknown): string | undefined {
    if (typeof receiveId !== 'string' || !receiveId) return undefined;
    if (idType === 'chat_id') return receiveId.startsWith('oc_') ? receiveId : undefined;
    if (idType === 'open_id') return this.p2pChatOf(receiveId);
    return undefined;
  }

  /** The one-to-one chat between the bot and a user (created on first use). */
  p2pChatOf(openId: string): string {
    const known = this.p2pByUser.get(openId);
    if (known) return known;
    const chat: LarkChat = { id: `oc_p2p_${openId}`, type: 'p2p' };
    this.remember(chat, { openId });
    return chat.id;
  }

  private members(chatId: string, req: JsonRequest): JsonResponse {
    const all = [...(this.chats.get(chatId)?.members.entries() ?? [])];
    const size = Number(req.query.get('page_size') ?? 20);
    const from = Number(req.query.get('page_token') ?? 0);
    const page = all.slice(from, from + size);
    return {
      body: {
        code: 0,
        msg: 'success',
        data: {
          items: page.map(([id, name]) => ({ member_id_type: 'open_id', member_id: id, name, tenant_key: 'tenant-fake' })),
          page_token: String(from + size),
          has_more: from + size < all.length,
          member_total: all.length,
        },
      },
    };
  }

  private messageObject(messageId: string, chatId: string, body: any) {
    return {
      message_id: messageId,
      msg_type: body.msg_type,
      create_time: String(Date.now()),
      update_time: String(Date.now()),
      deleted: false,
      updated: false,
      chat_id: chatId,
      sender: { id: this.appId, id_type: 'app_id', sender_type: 'app', tenant_key: 'tenant-fake' },
      body: { content: body.content },
    };
  }

  private remember(chat: LarkChat, user: LarkUser): void {
    const entry = this.chats.get(chat.id) ?? { chat, members: new Map<string, string>() };
    entry.members.set(user.openId, user.name ?? user.openId);
    this.chats.set(chat.id, entry);
    if (chat.type === 'p2p' && !this.p2pByUser.has(user.openId)) this.p2pByUser.set(user.openId, chat.id);
  }

  private idsOf(user: LarkUser) {
    return { open_id: user.openId, union_id: `on_${user.openId.slice(3)}`, user_id: user.openId.slice(3, 11) };
  }
}

/** file/create's `file_type` values. */
const FILE_TYPES = new Set(['opus', 'mp4', 'pdf', 'doc', 'xls', 'ppt', 'stream']);

/** The visible text and the button commands of an interactive card (v1 or v2 layout). */
function readCard(card: any): { text: string; buttons: string[] } {
  const texts: string[] = [];
  const buttons: string[] = [];
  const title = card?.header?.title?.content;
  if (title) texts.push(String(title));
  const walk = (node: any): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (node.tag === 'button') {
      buttons.push(String(node.value?.command ?? ''));
      return;
    }
    if ((node.tag === 'lark_md' || node.tag === 'markdown') && typeof node.content === 'string') texts.push(node.content);
    for (const [key, value] of Object.entries(node)) if (key !== 'header') walk(value);
  };
  walk(card);
  return { text: texts.join('\n'), buttons };
}
