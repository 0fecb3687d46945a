import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { AckBook, FakeServer, FaultPlan, ReplyBook, SlidingWindow, fakeId, formOf, pickRandom, until, type JsonRequest, type JsonResponse } from './common.js';

export const TOPIC_ROBOT = '/v1.0/im/bot/messages/get';
export const TOPIC_CARD = '/v1.0/card/instances/callback';
/** userIds one oToMessages/batchSend call may name. */
export const DINGTALK_BATCH_MAX_USERS = 20;

export interface DingTalkUser {
  staffId: string;
  nick?: string;
}
export interface DingTalkChat {
  id: string;
  type: 'group' | 'p2p';
  title?: string;
}

export interface DingTalkFakeOptions {
  clientId?: string;
  clientSecret?: string;
  robotCode?: string;
  tokenExpireSeconds?: number;
  /** Lifetime of each message's sessionWebhook (DingTalk: about 90 min). */
  sessionWebhookTtlMs?: number;
  /**
   * Push robot messages again when not acknowledged within `redeliverAfterMs`. Production does not
   * (robot callbacks are fire-and-forget), so this is stricter than DingTalk and off by default.
   */
  redeliverCallbacks?: boolean;
  redeliverAfterMs?: number;
  maxDeliveries?: number;
  /** The platform's own limits; `false` turns them off. */
  limits?: { apiPerSecond: number; webhookPerMinute: number } | false;
  /** The app has the contact phone-number permission: staff records include `mobile`. */
  phonePermission?: boolean;
}

/** A member of the organisation, as `topapi/v2/user/get` describes them. */
export interface DingTalkStaff {
  name: string;
  mobile: string;
}

export interface PushResult {
  eventId: string;
  messageId: string;
  sentAt: number;
}

export interface DingTalkAck {
  code: number;
  data?: unknown;
  at: number;
}

interface Delivery {
  msgId: string;
  topic: string;
  /** A card callback pushed again keeps its frame id (the press's event id); robot messages get new ones. */
  fixedFrameId?: string;
  data: string;
  pushes: number;
  frameIds: string[];
  timer?: NodeJS.Timeout;
}

interface Connection {
  id: string;
  ws: WebSocket;
  topics: Set<string>;
}

/** Unverified: the errcode DingTalk gives a sessionWebhook past its expiry. */
export const SESSION_EXPIRED_ERRCODE = 300001;

export interface DingTalkCounters {
  gatewayOpens: number;
  connections: number;
  pushes: number;
  redeliveries: number;
  acks: number;
  pingsEchoed: number;
  tokenRequests: number;
  webhookSends: number;
  apiSends: number;
  /** Calls of oToMessages/batchSend (each person reached counts in `apiSends`). */
  otoCalls: number;
  cardSends: number;
  cardUpdates: number;
  throttled: number;
  expiredWebhooks: number;
  rejectedAuth: number;
}

/**
 * A local DingTalk that the real `dingtalk-stream` client connects to: the stream gateway (single-use
 * tickets), the WebSocket with SYSTEM ping/disconnect, robot message and card callback CALLBACK
 * frames (each to one random connection subscribed to its topic), acknowledgements, optional
 * redelivery; and the robot's send paths: per-message sessionWebhook, OAuth2 access token, group
 * and one-to-one OpenAPI sends, robot interactive cards (send, update), with DingTalk's throttling
 * answers. Error codes marked unverified in docs/platform-cards-files.md are this fake's guesses.
 */
export class DingTalkFake {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly robotCode: string;
  readonly replies = new ReplyBook();
  /**
   * Faults to inject: `apiRateLimit` (HTTP 403 Forbidden.AccessDenied.QpsLimitForApi),
   * `webhookThrottle` (errcode 130101), `unavailable` (HTTP 503 from the OpenAPI).
   */
  readonly faults = new FaultPlan<'apiRateLimit' | 'webhookThrottle' | 'unavailable'>();
  readonly counters: DingTalkCounters = {
    gatewayOpens: 0, connections: 0, pushes: 0, redeliveries: 0, acks: 0, pingsEchoed: 0, tokenRequests: 0,
    webhookSends: 0, apiSends: 0, otoCalls: 0, cardSends: 0, cardUpdates: 0, throttled: 0, expiredWebhooks: 0, rejectedAuth: 0,
  };
  private readonly server: FakeServer;
  private readonly tickets = new Map<string, { topics: Set<string>; expiresAt: number }>();
  private readonly connections = new Set<Connection>();
  private readonly deliveries = new Map<string, Delivery>();
  private readonly acks = new AckBook<DingTalkAck>();
  private readonly byFrame = new Map<string, Delivery>();
  private readonly waitingForConnection: Delivery[] = [];
  private readonly sessions = new Map<string, { chatId: string; msgId: string; expiresAt: number }>();
  private readonly tokens = new Map<string, number>();
  /** Files: uploaded media by `media_id`, and files users sent by their `downloadCode`. */
  readonly media = new Map<string, { name: string; bytes: Buffer }>();
  private readonly sentFiles = new Map<string, { name: string; bytes: Buffer }>();
  /** Robot interactive cards by `cardBizId`: where each went and its current card data. */
  readonly cards = new Map<string, { chatId: string; data: any; updates: number[] }>();
  private readonly p2pChats = new Map<string, string>();
  /** The organisation's staff by userid (what robot messages carry as senderStaffId). */
  readonly staff = new Map<string, DingTalkStaff>();
  /** Staff the robot cannot message: one-to-one sends list them in `invalidStaffIdList`. */
  readonly unreachable = new Set<string>();
  private readonly pings = new Map<string, () => void>();
  private readonly apiWindow?: SlidingWindow;
  private readonly webhookWindow?: SlidingWindow;

  constructor(private readonly opts: DingTalkFakeOptions = {}) {
    this.clientId = opts.clientId ?? 'dingfakeclientid0001';
    this.clientSecret = opts.clientSecret ?? 'fake-dingtalk-secret';
    this.robotCode = opts.robotCode ?? this.clientId;
    const limits = opts.limits === false ? undefined : (opts.limits ?? { apiPerSecond: 20, webhookPerMinute: 20 });
    this.apiWindow = limits ? new SlidingWindow(limits.apiPerSecond, 1000) : undefined;
    this.webhookWindow = limits ? new SlidingWindow(limits.webhookPerMinute, 60_000) : undefined;
    this.server = new FakeServer((req) => this.route(req), (req) => this.acceptSocket(req));
    this.server.wss.on('connection', (ws, req) => this.onConnection(ws, req));
  }

  static async start(opts: DingTalkFakeOptions = {}): Promise<DingTalkFake> {
    const fake = new DingTalkFake(opts);
    await fake.server.listen();
    return fake;
  }

  /** DINGTALK_GATEWAY_URL */
  get gatewayUrl(): string {
    return `${this.server.url}/v1.0/gateway/connections/open`;
  }

  /** DINGTALK_API_BASE */
  get apiBase(): string {
    return this.server.url;
  }

  get openConnections(): number {
    return this.server.openSockets().length;
  }

  // ---- what users do -------------------------------------------------------------------------

  /** A user @-mentions the robot in a group (or writes to it one-to-one) with `text`. */
  pushText(p: { from: DingTalkUser; chat: DingTalkChat; text: string; msgId?: string }): PushResult {
    const msgId = p.msgId ?? fakeId('msg', 24);
    const session = randomUUID();
    const expiresAt = Date.now() + (this.opts.sessionWebhookTtlMs ?? 90 * 60_000);
    this.sessions.set(session, { chatId: p.chat.id, msgId, expiresAt });
    if (p.chat.type === 'p2p') this.p2pChats.set(p.from.staffId, p.chat.id);
    const data = {
      conversationId: p.chat.id,
      atUsers: p.chat.type === 'group' ? [{ dingtalkId: `$:LWCP_v1:$${this.robotCode}` }] : [],
      chatbotCorpId: 'dingcorpfake',
      chatbotUserId: `$:LWCP_v1:$${this.robotCode}`,
      msgId,
      senderNick: p.from.nick ?? p.from.staffId,
      isAdmin: false,
      senderStaffId: p.from.staffId,
      sessionWebhookExpiredTime: expiresAt,
      createAt: Date.now(),
      senderCorpId: 'dingcorpfake',
      conversationType: p.chat.type === 'group' ? '2' : '1',
      senderId: `$:LWCP_v1:$${p.from.staffId}`,
      ...(p.chat.type === 'group' ? { conversationTitle: p.chat.title ?? p.chat.id } : {}),
      isInAtList: true,
      sessionWebhook: `${this.server.url}/robot/sendBySession?session=${session}`,
      text: { content: ` ${p.text}` },
      robotCode: this.robotCode,
      msgtype: 'text',
    };
    return this.pushData(JSON.stringify(data), msgId);
  }

  /**
   * A user sends the robot a file one-to-one (a robot receives files only there): a `file` robot
   * message with a `downloadCode` the robot exchanges for a temporary download URL.
   */
  pushFile(p: { from: DingTalkUser; chat: DingTalkChat; name: string; bytes: Buffer }): PushResult {
    const msgId = fakeId('msg', 24);
    const downloadCode = fakeId('dc', 40);
    this.sentFiles.set(downloadCode, { name: p.name, bytes: p.bytes });
    this.p2pChats.set(p.from.staffId, p.chat.id);
    const session = randomUUID();
    const expiresAt = Date.now() + (this.opts.sessionWebhookTtlMs ?? 90 * 60_000);
    this.sessions.set(session, { chatId: p.chat.id, msgId, expiresAt });
    const data = {
      conversationId: p.chat.id, conversationType: '1', msgId, msgtype: 'file', createAt: Date.now(),
      senderId: `$:LWCP_v1:$${p.from.staffId}`, senderStaffId: p.from.staffId, senderNick: p.from.nick ?? p.from.staffId, senderCorpId: 'dingcorpfake',
      chatbotCorpId: 'dingcorpfake', chatbotUserId: `$:LWCP_v1:$${this.robotCode}`, robotCode: this.robotCode, isInAtList: true,
      sessionWebhook: `${this.server.url}/robot/sendBySession?session=${session}`, sessionWebhookExpiredTime: expiresAt,
      content: { downloadCode, fileName: p.name },
    };
    return this.pushData(JSON.stringify(data), msgId);
  }

  /** Pushes a robot CALLBACK whose `data` is exactly this string (for malformed messages). */
  pushData(data: string, msgId = fakeId('raw', 24)): PushResult {
    const d: Delivery = { msgId, topic: TOPIC_ROBOT, data, pushes: 0, frameIds: [] };
    this.deliveries.set(msgId, d);
    this.push(d);
    return { eventId: msgId, messageId: msgId, sentAt: Date.now() };
  }

  /** Pushes a message again with the same msgId (a duplicate delivery). */
  redeliver(msgId: string): void {
    const d = this.deliveries.get(msgId);
    if (!d) throw new Error(`no message ${msgId}`);
    this.acks.forget(msgId);
    this.counters.redeliveries++;
    this.push(d);
  }

  /** The user presses an ActionCard button: the client sends the button's `dtmd` content as a message. */
  pressButton(p: { from: DingTalkUser; chat: DingTalkChat; command: string }): PushResult {
    return this.pushText({ from: p.from, chat: p.chat, text: p.command });
  }

  /**
   * The user presses a button of a robot interactive card: DingTalk calls the robot back over the
   * stream (topic /v1.0/card/instances/callback) naming the card (`outTrackId`), the presser and
   * the button's id. Returns the callback's event id (its frame's message id).
   */
  pressCard(p: { from: DingTalkUser; cardBizId: string; label: string }): PushResult {
    const card = this.cards.get(p.cardBizId);
    if (!card) throw new Error(`no card ${p.cardBizId}`);
    const button = cardButtons(card.data).find((b) => b.label === p.label);
    if (!button) throw new Error(`card ${p.cardBizId} has no button ${p.label}`);
    const content = JSON.stringify({ cardPrivateData: { actionIds: [button.id], params: {} } });
    const data = { extension: '{}', corpId: 'dingcorpfake', userIdType: 1, type: 'actionCallback', userId: p.from.staffId, content, value: content, outTrackId: p.cardBizId };
    const frameId = fakeId('cardcb', 24);
    const d: Delivery = { msgId: frameId, topic: TOPIC_CARD, fixedFrameId: frameId, data: JSON.stringify(data), pushes: 0, frameIds: [] };
    this.deliveries.set(frameId, d);
    this.push(d);
    return { eventId: frameId, messageId: frameId, sentAt: Date.now() };
  }

  /** The card most recently sent into a chat. */
  lastCardIn(chatId: string): { cardBizId: string; data: any; updates: number[] } | undefined {
    const all = [...this.cards].filter(([, c]) => c.chatId === chatId);
    const last = all.at(-1);
    return last && { cardBizId: last[0], ...last[1] };
  }

  ackOf(msgId: string): DingTalkAck | undefined {
    return this.acks.of(msgId);
  }

  pushesOf(msgId: string): number {
    return this.deliveries.get(msgId)?.pushes ?? 0;
  }

  acked(msgId: string, timeoutMs = 15_000): Promise<DingTalkAck> {
    return this.acks.wait(msgId, timeoutMs);
  }

  /** Sends a SYSTEM ping to every connection; resolves when all echoed it. */
  async systemPing(): Promise<number> {
    const sockets = [...this.connections];
    await Promise.all(
      sockets.map(
        (c) =>
          new Promise<void>((resolve) => {
            const opaque = randomUUID();
            this.pings.set(opaque, resolve);
            c.ws.send(JSON.stringify({ specVersion: '1.0', type: 'SYSTEM', headers: { topic: 'ping', messageId: fakeId('ping', 16), contentType: 'application/json', time: String(Date.now()) }, data: JSON.stringify({ opaque }) }));
          }),
      ),
    );
    return sockets.length;
  }

  /** DingTalk's planned disconnect: a SYSTEM `disconnect` frame, then the socket closes after `closeAfterMs` (10 s in production). */
  sendDisconnect(closeAfterMs = 10_000): void {
    for (const c of this.connections) {
      c.ws.send(JSON.stringify({ specVersion: '1.0', type: 'SYSTEM', headers: { topic: 'disconnect', messageId: fakeId('disc', 16), contentType: 'application/json', time: String(Date.now()) }, data: JSON.stringify({ reason: 'server restart' }) }));
      setTimeout(() => c.ws.close(), closeAfterMs).unref();
    }
  }

  dropConnections(): number {
    return this.server.dropSockets();
  }

  connected(count = 1, timeoutMs = 15_000): Promise<void> {
    return until(() => this.openConnections >= count, timeoutMs, () => `expected ${count} DingTalk connections, have ${this.openConnections}`);
  }

  /** What must never appear in a log: the client secret, tokens, and session webhooks. */
  secrets(): string[] {
    return [this.clientSecret, ...this.tokens.keys(), ...this.sessions.keys()];
  }

  /** Makes every sessionWebhook handed out so far expire now. */
  expireSessionWebhooks(): void {
    for (const s of this.sessions.values()) s.expiresAt = Date.now() - 1;
  }

  async close(): Promise<void> {
    for (const d of this.deliveries.values()) clearTimeout(d.timer);
    await this.server.close();
  }

  // ---- the stream ----------------------------------------------------------------------------

  private push(d: Delivery): void {
    const conn = pickRandom([...this.connections].filter((c) => c.topics.has(d.topic) && c.ws.readyState === c.ws.OPEN));
    if (!conn) {
      this.waitingForConnection.push(d);
      return;
    }
    d.pushes++;
    this.counters.pushes++;
    const frameId = d.fixedFrameId ?? fakeId('frame', 24);
    d.frameIds.push(frameId);
    this.byFrame.set(frameId, d);
    conn.ws.send(
      JSON.stringify({
        specVersion: '1.0',
        type: 'CALLBACK',
        headers: { appId: this.clientId, connectionId: conn.id, contentType: 'application/json', messageId: frameId, time: String(Date.now()), topic: d.topic },
        data: d.data,
      }),
    );
    if (!this.opts.redeliverCallbacks) return;
    clearTimeout(d.timer);
    d.timer = setTimeout(() => {
      if (this.acks.of(d.msgId) || d.pushes >= (this.opts.maxDeliveries ?? 4)) return;
      this.counters.redeliveries++;
      this.push(d);
    }, this.opts.redeliverAfterMs ?? 3000);
    d.timer.unref();
  }

  private acceptSocket(req: IncomingMessage): boolean {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const ticket = this.tickets.get(url.searchParams.get('ticket') ?? '');
    return url.pathname === '/connect' && ticket !== undefined && ticket.expiresAt > Date.now();
  }

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    const key = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('ticket')!;
    const ticket = this.tickets.get(key)!;
    this.tickets.delete(key); // single use
    const conn: Connection = { id: randomUUID(), ws, topics: ticket.topics };
    this.connections.add(conn);
    this.counters.connections++;
    ws.on('message', (raw: Buffer) => this.onUpstream(raw.toString('utf8')));
    ws.on('close', () => this.connections.delete(conn));
    ws.on('error', () => undefined);
    for (const d of this.waitingForConnection.splice(0)) this.push(d);
  }

  private onUpstream(text: string): void {
    const msg = JSON.parse(text) as { code: number; headers: { messageId?: string; topic?: string }; data?: string };
    if (msg.headers.topic === 'ping') {
      const { opaque } = JSON.parse(msg.data ?? '{}') as { opaque?: string };
      this.counters.pingsEchoed++;
      this.pings.get(opaque ?? '')?.();
      return;
    }
    const d = this.byFrame.get(msg.headers.messageId ?? '');
    if (!d) return;
    const ack: DingTalkAck = { code: msg.code, data: msg.data ? JSON.parse(msg.data) : undefined, at: Date.now() };
    this.counters.acks++;
    clearTimeout(d.timer);
    this.acks.record(d.msgId, ack);
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  private route(req: JsonRequest): JsonResponse | Promise<JsonResponse> | undefined {
    const { method, path } = req;
    if (method === 'PUT' && path === '/v1.0/im/robots/interactiveCards') return this.updateCard(req);
    const download = /^\/download\/([^/]+)$/.exec(path);
    if (method === 'GET' && download) return this.downloadFile(download[1]!, req);
    if (method === 'POST' && path === '/media/upload') return this.uploadMedia(req);
    if (method === 'POST' && path === '/v1.0/robot/messageFiles/download') return this.downloadUrl(req);
    if (method !== 'POST') return undefined;
    if (path === '/v1.0/im/v1.0/robot/interactiveCards/send') return this.sendCard(req);
    if (path === '/v1.0/gateway/connections/open') return this.openGateway(req);
    if (path === '/v1.0/oauth2/accessToken') return this.accessToken(req);
    if (path === '/topapi/v2/user/get') return this.staffRecord(req);
    if (path === '/robot/sendBySession') return this.webhook(req);
    if (path === '/v1.0/robot/groupMessages/send') return this.apiSend(req, 'group');
    if (path === '/v1.0/robot/oToMessages/batchSend') return this.apiSend(req, 'oto');
    return undefined;
  }

  private openGateway(req: JsonRequest): JsonResponse {
    this.counters.gatewayOpens++;
    const b = req.body ?? {};
    if (b.clientId !== this.clientId || b.clientSecret !== this.clientSecret) {
      return { status: 401, body: { code: 'InvalidAuthentication', message: 'clientId or clientSecret is invalid', requestid: randomUUID() } };
    }
    const ticket = randomUUID();
    const topics = new Set<string>((b.subscriptions ?? []).map((s: { topic: string }) => s.topic));
    this.tickets.set(ticket, { topics, expiresAt: Date.now() + 90_000 });
    return { body: { endpoint: `ws://127.0.0.1:${this.server.port}/connect`, ticket } };
  }

  private accessToken(req: JsonRequest): JsonResponse {
    this.counters.tokenRequests++;
    if (req.body?.appKey !== this.clientId || req.body?.appSecret !== this.clientSecret) {
      return { status: 400, body: { code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret', requestid: randomUUID() } };
    }
    const accessToken = randomUUID().replace(/-/g, '');
    const expireIn = this.opts.tokenExpireSeconds ?? 7200;
    this.tokens.set(accessToken, Date.now() + expireIn * 1000);
    return { body: { accessToken, expireIn } };
  }

  /**
   * POST topapi/v2/user/get?access_token=…: a staff record by userid, on the old OpenAPI (errcode
   * envelope, HTTP 200 even for errors); `mobile` only with the phone-number permission.
   */
  private staffRecord(req: JsonRequest): JsonResponse {
    const expires = this.tokens.get(req.query.get('access_token') ?? '');
    if (!expires || expires < Date.now()) {
      this.counters.rejectedAuth++;
      return { body: { errcode: 40014, errmsg: '不合法的access_token', request_id: randomUUID() } };
    }
    const userid = req.body?.userid;
    const person = typeof userid === 'string' ? this.staff.get(userid) : undefined;
    if (!person) return { body: { errcode: 60121, errmsg: '找不到该用户', request_id: randomUUID() } };
    const result = { userid, name: person.name, active: true, ...(this.opts.phonePermission ? { mobile: person.mobile, state_code: '86' } : {}) };
    return { body: { errcode: 0, errmsg: 'ok', result, request_id: randomUUID() } };
  }

  private webhook(req: JsonRequest): JsonResponse {
    const session = this.sessions.get(req.query.get('session') ?? '');
    if (!session) return { body: { errcode: 400013, errmsg: '群已被解散或机器人不在群内' } };
    if (session.expiresAt < Date.now()) {
      this.counters.expiredWebhooks++;
      return { body: { errcode: SESSION_EXPIRED_ERRCODE, errmsg: 'sessionWebhook expired' } };
    }
    if (this.faults.take('webhookThrottle') || (this.webhookWindow?.hit(session.chatId) ?? 0) > 0) {
      this.counters.throttled++;
      return { body: { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' } };
    }
    const read = readWebhookBody(req.body);
    if (!read) return { body: { errcode: 40035, errmsg: '缺少参数 json' } };
    this.counters.webhookSends++;
    this.replies.add({ chatId: session.chatId, ...read, inReplyTo: session.msgId, via: 'webhook', receivedAt: Date.now(), raw: req.body });
    return { body: { errcode: 0, errmsg: 'ok' } };
  }

  /** What every OpenAPI call passes first: a valid access token, the API's QPS limit, injected faults. */
  private gate(req: JsonRequest): JsonResponse | undefined {
    const token = req.headers['x-acs-dingtalk-access-token'];
    const expires = typeof token === 'string' ? this.tokens.get(token) : undefined;
    if (!expires || expires < Date.now()) {
      this.counters.rejectedAuth++;
      return { status: 401, body: { code: 'InvalidAuthentication', message: '不合法的access_token', requestid: randomUUID() } };
    }
    if (this.faults.take('apiRateLimit') || (this.apiWindow?.hit(req.path) ?? 0) > 0) {
      this.counters.throttled++;
      return { status: 403, body: { code: 'Forbidden.AccessDenied.QpsLimitForApi', message: 'the qps of this api is over the limit', requestid: randomUUID() } };
    }
    if (this.faults.take('unavailable')) return { status: 503, body: { code: 'ServiceUnavailable', message: 'service unavailable', requestid: randomUUID() } };
    return undefined;
  }

  /**
   * POST /media/upload?access_token=…&type=file (multipart `media`): voice up to 2 MB, other files
   * up to 20 MB (upload-media-files). Codes: 40004 bad type, 40006 bad size, 40014 bad token
   * (DingTalk's older error table; unverified for this API).
   */
  private uploadMedia(req: JsonRequest): JsonResponse {
    const expires = this.tokens.get(req.query.get('access_token') ?? '');
    if (!expires || expires < Date.now()) {
      this.counters.rejectedAuth++;
      return { body: { errcode: 40014, errmsg: '不合法的access_token' } };
    }
    const type = req.query.get('type');
    const media = formOf(req)?.get('media');
    if (!['image', 'voice', 'video', 'file'].includes(type ?? '')) return { body: { errcode: 40004, errmsg: '不合法的媒体文件类型' } };
    if (!media?.filename) return { body: { errcode: 41005, errmsg: '缺少多媒体文件数据' } };
    if (media.data.length === 0 || media.data.length > (type === 'voice' ? 2 : 20) * 1024 * 1024) return { body: { errcode: 40006, errmsg: '不合法的文件大小' } };
    const mediaId = `@${fakeId('lAz', 28)}`;
    this.media.set(mediaId, { name: media.filename, bytes: Buffer.from(media.data) });
    return { body: { errcode: 0, errmsg: 'ok', type, media_id: mediaId, created_at: Date.now() } };
  }

  /** POST /v1.0/robot/messageFiles/download {downloadCode, robotCode} → a temporary `downloadUrl`. */
  private downloadUrl(req: JsonRequest): JsonResponse {
    const refused = this.gate(req);
    if (refused) return refused;
    if (req.body?.robotCode !== this.robotCode) return bad('invalidParameter.robotCode.invalid');
    if (!this.sentFiles.has(req.body?.downloadCode)) return bad('invalidParameter.downloadCode.invalid');
    return { body: { downloadUrl: `${this.server.url}/download/${encodeURIComponent(req.body.downloadCode)}?expires=${Date.now() + 3600_000}` } };
  }

  private downloadFile(code: string, req: JsonRequest): JsonResponse {
    const file = this.sentFiles.get(decodeURIComponent(code));
    if (!file || Number(req.query.get('expires')) < Date.now()) return { status: 403, body: { code: 'AccessDenied', message: 'Request has expired.' } };
    return { body: undefined, bytes: file.bytes };
  }

  /** POST /v1.0/im/v1.0/robot/interactiveCards/send: a standard-template card into a group or to one person. */
  private sendCard(req: JsonRequest): JsonResponse {
    const refused = this.gate(req);
    if (refused) return refused;
    const b = req.body ?? {};
    if (b.robotCode !== this.robotCode) return bad('invalidParameter.robotCode.invalid');
    if (b.cardTemplateId !== 'StandardCard') return bad('invalidParameter.cardTemplateId.invalid');
    if (typeof b.cardBizId !== 'string' || !b.cardBizId) return bad('invalidParameter.cardBizId.empty');
    const data = parseJson(b.cardData);
    if (!data) return bad('invalidParameter.cardData.invalid');
    const receiver = parseJson(b.singleChatReceiver ?? 'null') as { userId?: string } | undefined;
    const chatId = typeof b.openConversationId === 'string' && b.openConversationId ? b.openConversationId : receiver?.userId ? (this.p2pChats.get(receiver.userId) ?? `user:${receiver.userId}`) : undefined;
    if (!chatId) return bad('invalidParameter.openConversationId.empty');
    // Sending one cardBizId again shows the card once (DingTalk keys its cards by it).
    if (!this.cards.has(b.cardBizId)) {
      this.cards.set(b.cardBizId, { chatId, data, updates: [] });
      this.counters.cardSends++;
      this.replies.add({ chatId, kind: 'interactiveCard', text: cardText(data), buttons: cardButtons(data).map((x) => x.label), via: 'cardSend', receivedAt: Date.now(), raw: b });
    }
    return { body: { success: true, result: { processQueryKey: randomUUID() } } };
  }

  /** PUT /v1.0/im/robots/interactiveCards: new card data for a card sent before. */
  private updateCard(req: JsonRequest): JsonResponse {
    const refused = this.gate(req);
    if (refused) return refused;
    const b = req.body ?? {};
    const card = this.cards.get(b.cardBizId);
    if (!card) return bad('invalidParameter.cardBizId.notExist');
    const data = parseJson(b.cardData);
    if (!data) return bad('invalidParameter.cardData.invalid');
    card.data = data;
    card.updates.push(Date.now());
    this.counters.cardUpdates++;
    return { body: { success: true, result: true } };
  }

  private apiSend(req: JsonRequest, kind: 'group' | 'oto'): JsonResponse {
    const refused = this.gate(req);
    if (refused) return refused;
    const b = req.body ?? {};
    if (b.robotCode !== this.robotCode) return bad('invalidParameter.robotCode.invalid');
    let param: any;
    try {
      param = JSON.parse(b.msgParam);
    } catch {
      return bad('invalidParameter.msgParam.invalid');
    }
    const read = readTemplate(b.msgKey, param);
    if (!read) return bad('invalidParameter.msgKey.invalid');
    if (b.msgKey === 'sampleFile' && !this.media.has(param.mediaId)) return bad('invalidParameter.mediaId.invalid');
    const users: string[] = kind === 'oto' && Array.isArray(b.userIds) ? b.userIds : [];
    // At most 20 userIds a call (DingTalk's doc); the error code is this fake's guess.
    if (users.length > DINGTALK_BATCH_MAX_USERS) return bad('invalidParameter.userIds.exceedLimit');
    const invalid = users.filter((u) => this.unreachable.has(u));
    const targets: string[] =
      kind === 'group'
        ? typeof b.openConversationId === 'string' && b.openConversationId ? [b.openConversationId] : []
        : users.filter((u) => !this.unreachable.has(u)).map((u) => this.p2pChats.get(u) ?? `user:${u}`);
    if (!targets.length && !invalid.length) return bad(kind === 'group' ? 'invalid.openConversationId' : 'invalidParameter.userIds.empty');
    if (kind === 'oto') this.counters.otoCalls++;
    for (const chatId of targets) {
      this.counters.apiSends++;
      this.replies.add({ chatId, ...read, via: kind === 'group' ? 'groupSend' : 'oToSend', receivedAt: Date.now(), raw: b });
    }
    return { body: { processQueryKey: randomUUID(), ...(kind === 'oto' ? { invalidStaffIdList: invalid, flowControlledStaffIdList: [] } : {}) } };
  }
}

const bad = (code: string): JsonResponse => ({ status: 400, body: { code, message: code, requestid: randomUUID() } });

function parseJson(text: unknown): any {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A standard card's buttons: their ids (what a press reports) and labels. */
export function cardButtons(data: any): Array<{ id: string; label: string }> {
  const actions = (data?.contents ?? []).filter((c: any) => c?.type === 'action').flatMap((c: any) => c.actions ?? []);
  return actions.map((a: any) => ({ id: String(a.id), label: String(a.label?.text ?? '') }));
}

/** A standard card's visible text: its title and its markdown and text blocks. */
export function cardText(data: any): string {
  const blocks = (data?.contents ?? []).filter((c: any) => c?.type === 'markdown' || c?.type === 'text').map((c: any) => String(c.text ?? ''));
  return [String(data?.header?.title?.text ?? ''), ...blocks].join('\n');
}

/** The command a `dtmd://dingtalkclient/sendMessage?content=…` button sends. */
export const commandOfLink = (url: string) => {
  const m = /^dtmd:\/\/dingtalkclient\/sendMessage\?content=(.*)$/.exec(url ?? '');
  return m ? decodeURIComponent(m[1]!) : '';
};

type Read = { kind: string; text: string; buttons: string[] };

function readWebhookBody(b: any): Read | undefined {
  switch (b?.msgtype) {
    case 'text':
      return typeof b.text?.content === 'string' ? { kind: 'text', text: b.text.content, buttons: [] } : undefined;
    case 'markdown':
      return { kind: 'markdown', text: `${b.markdown?.title ?? ''}\n${b.markdown?.text ?? ''}`, buttons: [] };
    case 'actionCard': {
      const c = b.actionCard ?? {};
      const links: string[] = c.btns ? c.btns.map((x: { actionURL: string }) => x.actionURL) : [c.singleURL];
      return { kind: 'actionCard', text: `${c.title ?? ''}\n${c.text ?? ''}`, buttons: links.map(commandOfLink) };
    }
    default:
      return undefined;
  }
}

function readTemplate(key: string, p: any): Read | undefined {
  if (key === 'sampleFile') return typeof p.mediaId === 'string' ? { kind: 'file', text: String(p.fileName ?? ''), buttons: [] } : undefined;
  if (key === 'sampleText') return { kind: 'text', text: String(p.content ?? ''), buttons: [] };
  if (key === 'sampleMarkdown') return { kind: 'markdown', text: `${p.title ?? ''}\n${p.text ?? ''}`, buttons: [] };
  if (key === 'sampleActionCard') return { kind: 'actionCard', text: `${p.title ?? ''}\n${p.text ?? ''}`, buttons: [commandOfLink(p.singleURL)] };
  const many = /^sampleActionCard([2-5])$/.exec(key);
  if (many) {
    const n = Number(many[1]);
    const buttons = Array.from({ length: n }, (_, i) => commandOfLink(p[`actionURL${i + 1}`]));
    return { kind: 'actionCard', text: `${p.title ?? ''}\n${p.text ?? ''}`, buttons };
  }
  return undefined;
}
