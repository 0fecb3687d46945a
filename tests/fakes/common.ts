import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** A message the bot sent, as the platform stored it. */
export interface FakeReply {
  chatId: string;
  /** "text", "card" (Lark interactive), "markdown" or "actionCard" (DingTalk). */
  kind: string;
  /** The visible text (a card's title and body joined). */
  text: string;
  /** Commands behind the card's buttons, in order. */
  buttons: string[];
  /** The message this one answers, when the platform knows it (Lark reply, DingTalk session). */
  inReplyTo?: string;
  /** How it arrived: "reply", "send", "webhook", "groupSend", "oToSend". */
  via: string;
  receivedAt: number;
  raw: unknown;
}

/** Every message the bot sent, by chat, with waiters for tests and listeners for benchmarks. */
export class ReplyBook {
  private readonly byChat = new Map<string, FakeReply[]>();
  private readonly listeners = new Set<(reply: FakeReply) => void>();
  total = 0;

  add(reply: FakeReply): void {
    const list = this.byChat.get(reply.chatId) ?? [];
    list.push(reply);
    this.byChat.set(reply.chatId, list);
    this.total++;
    for (const listener of this.listeners) listener(reply);
  }

  in(chatId: string): FakeReply[] {
    return [...(this.byChat.get(chatId) ?? [])];
  }

  onReply(listener: (reply: FakeReply) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the chat's replies once it has at least `count`; rejects after `timeoutMs`. */
  waitFor(chatId: string, count = 1, timeoutMs = 15_000): Promise<FakeReply[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const list = this.in(chatId);
        if (list.length < count) return false;
        clearTimeout(timer);
        stop();
        resolve(list);
        return true;
      };
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`timed out waiting for ${count} replies in ${chatId} (have ${this.in(chatId).length})`));
      }, timeoutMs);
      const stop = this.onReply(() => void check());
      check();
    });
  }

  clear(): void {
    this.byChat.clear();
    this.total = 0;
  }
}

/** Planned faults: the next `count` sends of a kind get that kind's error answer, as the platform gives it. */
export class FaultPlan<K extends string> {
  private readonly pending = new Map<K, number>();

  next(kind: K, count: number): void {
    this.pending.set(kind, (this.pending.get(kind) ?? 0) + count);
  }

  /** True (and one fewer left) when this call must fail this way. */
  take(kind: K): boolean {
    const left = this.pending.get(kind) ?? 0;
    if (left <= 0) return false;
    this.pending.set(kind, left - 1);
    return true;
  }
}

/** A platform's own limit: at most `limit` calls in any `windowMs` per key. */
export class SlidingWindow {
  private readonly calls = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Records a call; returns ms until it would have been allowed, or 0 if it is. */
  hit(key: string, now = Date.now()): number {
    const recent = (this.calls.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length >= this.limit) {
      this.calls.set(key, recent);
      return recent[0]! + this.windowMs - now;
    }
    recent.push(now);
    this.calls.set(key, recent);
    return 0;
  }
}

export interface JsonRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: any;
  /** The body as sent (a multipart upload is read from it with `formOf`). */
  raw: Buffer;
}

export interface JsonResponse {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
  /** Sent instead of `body` as JSON: a file download. */
  bytes?: Buffer;
}

export type Route = (req: JsonRequest) => JsonResponse | Promise<JsonResponse> | undefined;

async function readBody(req: IncomingMessage): Promise<{ body: any; raw: Buffer }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  if (!raw.length || /multipart\//.test(req.headers['content-type'] ?? '')) return { body: undefined, raw };
  const text = raw.toString('utf8');
  try {
    return { body: JSON.parse(text), raw };
  } catch {
    return { body: { __unparsable: text }, raw };
  }
}

export interface FormPart {
  filename?: string;
  data: Buffer;
}

/**
 * A multipart/form-data upload's parts by name, bytes as sent. Read by hand: a file part without a
 * filename (the Lark SDK sends a Buffer so) must stay bytes, which `Request.formData()` turns into text.
 */
export function formOf(req: JsonRequest): Map<string, FormPart> | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(req.headers['content-type'] ?? '');
  if (!req.headers['content-type']?.startsWith('multipart/form-data') || !boundary) return undefined;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts = new Map<string, FormPart>();
  let at = req.raw.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (req.raw.subarray(start, start + 2).toString() === '--') break;
    const next = req.raw.indexOf(delimiter, start);
    if (next < 0) return undefined;
    const part = req.raw.subarray(start + 2, next - 2); // after CRLF, before CRLF
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) return undefined;
    const head = part.subarray(0, split).toString('utf8');
    const name = /name="([^"]*)"/.exec(head)?.[1];
    if (name !== undefined) parts.set(name, { filename: /filename="([^"]*)"/.exec(head)?.[1], data: part.subarray(split + 4) });
    at = next;
  }
  return parts;
}
/** One HTTP + WebSocket server on a free loopback port, answering JSON routes. */
export class FakeServer {
  readonly wss = new WebSocketServer({ noServer: true });
  private server?: Server;
  port = 0;

  constructor(
    private readonly route: Route,
    private readonly acceptSocket: (req: IncomingMessage) => boolean,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async listen(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    // Clients keep connections alive (Node's default agent does); a server that drops idle ones
    // after Node's default 5 s races their reuse and fails sends with "socket hang up", which a busy
    // machine turns into bursts. The platforms' front ends keep them far longer.
    this.server.keepAliveTimeout = 120_000;
    this.server.on('upgrade', (req, socket, head) => {
      if (!this.acceptSocket(req)) {
        socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const answer = await this.route({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      ...(await readBody(req)),
    });
    const { status = 200, headers = {}, body, bytes } = answer ?? { status: 404, body: { code: 404, msg: 'not found' } };
    if (bytes) {
      res.writeHead(status, { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length), ...headers });
      res.end(bytes);
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  }

  /** Drops every open connection at once, as a network fault would. */
  dropSockets(): number {
    const clients = [...this.wss.clients];
    for (const ws of clients) ws.terminate();
    return clients.length;
  }

  openSockets(): WebSocket[] {
    return [...this.wss.clients].filter((ws) => ws.readyState === ws.OPEN);
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}

/** Acknowledgements of pushed events by event id, with waiters for tests. */
export class AckBook<A> {
  private readonly acks = new Map<string, A>();
  private readonly waiters = new Map<string, Array<(ack: A) => void>>();

  record(id: string, ack: A): void {
    this.acks.set(id, ack);
    for (const w of this.waiters.get(id) ?? []) w(ack);
    this.waiters.delete(id);
  }

  /** Forgets an acknowledgement before the event is pushed again. */
  forget(id: string): void {
    this.acks.delete(id);
  }

  of(id: string): A | undefined {
    return this.acks.get(id);
  }

  /** Resolves when the event is acknowledged (any code); rejects after `timeoutMs`. */
  wait(id: string, timeoutMs = 15_000): Promise<A> {
    const known = this.acks.get(id);
    if (known) return Promise.resolve(known);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`event ${id} not acknowledged`)), timeoutMs);
      this.waiters.set(id, [
        ...(this.waiters.get(id) ?? []),
        (ack) => {
          clearTimeout(timer);
          resolve(ack);
        },
      ]);
    });
  }
}

/** Polls until `check` holds; rejects with `what` after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(what());
    await new Promise((r) => setTimeout(r, 20));
  }
}

let counter = 0;
/** Ids shaped like the platform's (a prefix and hex), unique in the process. */
export const fakeId = (prefix: string, length = 24) =>
  `${prefix}${(Date.now().toString(16) + (++counter).toString(16).padStart(8, '0') + Math.random().toString(16).slice(2)).slice(0, length)}`;

export const pickRandom = <T>(items: T[]): T | undefined => items[Math.floor(Math.random() * items.length)];
