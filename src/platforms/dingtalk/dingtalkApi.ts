import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { SendError } from '../../outbound/sender.js';

export interface JsonAnswer {
  status: number;
  body: any;
}

/** POSTs JSON; a network fault or timeout is a retryable send error. */
export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonAnswer> {
  return requestJson('POST', url, body, headers);
}

/** Sends a JSON body (a FormData one as it is) and reads the JSON answer. */
export async function requestJson(method: 'POST' | 'PUT', url: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonAnswer> {
  if (!(body instanceof FormData)) return sendJson(method, url, body, headers);
  let res: Response;
  try {
    res = await fetch(url, { method, headers: { Accept: 'application/json', ...headers }, body, signal: AbortSignal.timeout(60_000) });
  } catch (err) {
    throw new SendError(`dingtalk: ${(err as Error).message}`, true);
  }
  return { status: res.status, body: await res.json().catch(() => undefined) };
}

// Kept-alive connections for the JSON calls every reply makes.
const httpAgent = new HttpAgent({ keepAlive: true });
const httpsAgent = new HttpsAgent({ keepAlive: true });
/** A JSON call that hears nothing for this long fails (retryably). */
const JSON_TIMEOUT_MS = 10_000;

/**
 * A JSON call through Node's own HTTP client: what every reply costs, and `fetch` spends several
 * times the CPU and keeps each request's objects (streams, an abort timer) alive long enough to
 * reach the old generation, whose collections then stall every message on a busy bot.
 */
function sendJson(method: 'POST' | 'PUT', url: string, body: unknown, headers: Record<string, string>): Promise<JsonAnswer> {
  const target = new URL(url);
  const payload = Buffer.from(JSON.stringify(body));
  const fail = (err: Error) => new SendError(`dingtalk: ${err.message}`, true);
  const https = target.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const req = (https ? httpsRequest : httpRequest)(
      target,
      {
        method,
        agent: https ? httpsAgent : httpAgent,
        timeout: JSON_TIMEOUT_MS,
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Content-Length': payload.length, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (err) => reject(fail(err)));
        res.on('end', () => {
          let parsed: unknown;
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            parsed = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${JSON_TIMEOUT_MS / 1000} s`)));
    req.on('error', (err) => reject(fail(err)));
    req.end(payload);
  });
}

/** Renew this long before the token expires (DingTalk tokens live 7200 s). */
const RENEW_BEFORE_MS = 5 * 60_000;

/**
 * The app's OpenAPI access token (POST /v1.0/oauth2/accessToken), cached and renewed before it
 * expires; concurrent callers share one request.
 */
export class AccessToken {
  private current?: { token: string; renewAt: number };
  private pending?: Promise<string>;

  constructor(
    private readonly apiBase: string,
    private readonly appKey: string,
    private readonly appSecret: string,
  ) {}

  async get(): Promise<string> {
    if (this.current && Date.now() < this.current.renewAt) return this.current.token;
    this.pending ??= this.fetch().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** DingTalk refused the token: fetch a new one next time. */
  invalidate(): void {
    this.current = undefined;
  }

  private async fetch(): Promise<string> {
    const { status, body } = await postJson(`${this.apiBase}/v1.0/oauth2/accessToken`, { appKey: this.appKey, appSecret: this.appSecret });
    if (status !== 200 || typeof body?.accessToken !== 'string') {
      throw new SendError(`dingtalk: access token refused (${status} ${body?.code ?? ''})`.trim(), status >= 500 || status === 429);
    }
    const lifetimeMs = Number(body.expireIn ?? 7200) * 1000;
    const renewIn = lifetimeMs > 2 * RENEW_BEFORE_MS ? lifetimeMs - RENEW_BEFORE_MS : lifetimeMs / 2;
    this.current = { token: body.accessToken, renewAt: Date.now() + renewIn };
    return body.accessToken;
  }
}
