import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { PlatformName } from '../core/types.js';

/** Who a sign-in link or session belongs to: a chat account, as the bot knows it. */
export interface Visitor {
  platform: PlatformName;
  userId: string;
}

export const LINK_TTL_SECONDS = 10 * 60;
export const SESSION_TTL_SECONDS = 8 * 3600;
/** Links one person may ask for in ten minutes: enough for a mistyped one, not for a flood. */
export const LINKS_PER_WINDOW = 5;

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const newToken = () => randomBytes(32).toString('base64url');

/**
 * Password-less sign-in kept in Redis, shared by the bot (which hands out links) and the console
 * (which redeems them): a link works once within ten minutes; a session lasts eight hours and can be
 * ended from the page or from chat (`/后台 退出`), every one of a person's at once.
 */
export class ConsoleSignIn {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(...parts: string[]): string {
    return [this.prefix, 'web', ...parts].join(':');
  }

  private personKey(v: Visitor): string {
    return this.key('sessions', v.platform, v.userId);
  }

  /** A new one-time link token, or undefined when this person asked for too many just now. */
  async issueLink(v: Visitor): Promise<string | undefined> {
    const counter = this.key('links-asked', v.platform, v.userId);
    const [[, asked]] = (await this.redis.multi().incr(counter).expire(counter, LINK_TTL_SECONDS, 'NX').exec()) as [[null, number]];
    if (asked > LINKS_PER_WINDOW) return undefined;
    const token = newToken();
    await this.redis.set(this.key('link', token), JSON.stringify(v), 'EX', LINK_TTL_SECONDS);
    return token;
  }

  /** Spends a link (atomically: two tabs racing get one session) and opens a session; undefined if used, expired or forged. */
  async redeem(token: string): Promise<string | undefined> {
    if (!TOKEN.test(token)) return undefined;
    const stored = await this.redis.getdel(this.key('link', token));
    if (!stored) return undefined;
    return this.openSession(JSON.parse(stored) as Visitor);
  }

  /** A new eight-hour session for someone (a spent link's owner). */
  async openSession(v: Visitor): Promise<string> {
    const stored = JSON.stringify(v);
    const session = newToken();
    await this.redis
      .multi()
      .set(this.key('session', session), stored, 'EX', SESSION_TTL_SECONDS)
      .sadd(this.personKey(v), session)
      .expire(this.personKey(v), SESSION_TTL_SECONDS)
      .exec();
    return session;
  }

  async visitorOf(session: string): Promise<Visitor | undefined> {
    if (!TOKEN.test(session)) return undefined;
    const stored = await this.redis.get(this.key('session', session));
    return stored ? (JSON.parse(stored) as Visitor) : undefined;
  }

  async end(session: string): Promise<void> {
    const v = await this.visitorOf(session);
    await this.redis.del(this.key('session', session));
    if (v) await this.redis.srem(this.personKey(v), session);
  }

  /** Ends every session of this person; how many there were. */
  async endAll(v: Visitor): Promise<number> {
    const sessions = await this.redis.smembers(this.personKey(v));
    await this.redis.del(this.personKey(v), ...sessions.map((s) => this.key('session', s)));
    return sessions.length;
  }

  /** Where the console says it can be reached, so a bot process elsewhere can write the link. */
  announceUrl(url: string): Promise<unknown> {
    return this.redis.set(this.key('url'), url);
  }

  announcedUrl(): Promise<string | null> {
    return this.redis.get(this.key('url'));
  }

  /** The cookie-signing secret all console processes share: made once, kept in Redis. */
  async cookieSecret(): Promise<string> {
    await this.redis.set(this.key('cookie-secret'), newToken(), 'NX');
    return (await this.redis.get(this.key('cookie-secret')))!;
  }
}
