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
  let res: Response;
  const form = body instanceof FormData;
  try {
    res = await fetch(url, {
      method,
      headers: { ...(form ? {} : { 'Content-Type': 'application/json' }), Accept: 'application/json', ...headers },
      body: form ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(form ? 60_000 : 10_000),
    });
  } catch (err) {
    throw new SendError(`dingtalk: ${(err as Error).message}`, true);
  }
  return { status: res.status, body: await res.json().catch(() => undefined) };
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
