import type * as Lark from '@larksuiteoapi/node-sdk';
import type { App } from '../../app.js';
import type { InboundMessage } from '../../core/types.js';
import { bi, pick } from '../../i18n/text.js';
import { logger } from '../../logger.js';
import { Intake } from '../intake.js';
import { sendOnce, welcomeFor } from '../welcome.js';
import { sdkLogger } from '../sdkLog.js';
import { requireSdk } from '../sdkRequire.js';
import type { PlatformAdapter } from '../adapter.js';
import { parseBotAdded, parseCardAction, parseMessageEvent, type LarkContext, type Parsed } from './larkEvents.js';
import { contactMobiles } from './larkContacts.js';
import { LarkSender, LarkTokenCache } from './larkSender.js';

export interface LarkAdapterOptions {
  appId: string;
  appSecret: string;
  /** https://open.feishu.cn, https://open.larksuite.com, or a local fake's base URL. */
  domain: string;
  /** Registration may ask the contact API for the sender's mobile (the app has the phone scope). */
  contactMobile?: boolean;
}

const lark = requireSdk('@larksuiteoapi/node-sdk') as typeof Lark;
const log = () => logger.child({ platform: 'lark' });
const LOGGER_LEVEL = lark.LoggerLevel.warn;
const PRESS_TOAST = bi('已收到，结果私信给您', 'Received; the answer comes to you privately');

/**
 * Lark/Feishu through the official SDK: the long connection (`WSClient`) delivers events to an
 * `EventDispatcher`; the `Client` sends. Every event is accepted through the inbox before the
 * handler returns, and the SDK acknowledges it only then (code 500 if accepting failed, so Lark
 * pushes it again). Card button presses arrive as `card.action.trigger` events on the same path:
 * in SDK 1.74 frames of type `card` are dropped unacknowledged, so the app must subscribe the
 * callback in "long connection" mode, which Lark delivers as an event frame.
 */
export class LarkAdapter implements PlatformAdapter {
  readonly name = 'lark';
  private readonly tokens = new LarkTokenCache();
  private readonly client: Lark.Client;
  private ws?: Lark.WSClient;
  private readonly intake = new Intake();
  private botOpenId?: string;
  private readyResolve!: () => void;
  /** Resolves when the long connection is first up. */
  readonly ready = new Promise<void>((r) => (this.readyResolve = r));

  constructor(
    private readonly app: App,
    private readonly opts: LarkAdapterOptions,
  ) {
    this.client = new lark.Client({
      appId: opts.appId,
      appSecret: opts.appSecret,
      domain: opts.domain,
      cache: this.tokens,
      loggerLevel: LOGGER_LEVEL,
      logger: sdkLogger(log(), true),
    });
  }

  async start(): Promise<void> {
    this.app.senders.register('lark', new LarkSender(this.client, this.tokens));
    if (this.opts.contactMobile) this.app.services.mobiles.register('lark', contactMobiles(this.client));
    this.botOpenId = await this.fetchBotOpenId();
    const dispatcher = new lark.EventDispatcher({ loggerLevel: LOGGER_LEVEL, logger: sdkLogger(log()) }).register({
      'im.message.receive_v1': (data: unknown) => this.onEvent('message', data, (ctx) => parseMessageEvent(data, ctx), (m) => this.accept(m)),
      'card.action.trigger': (data: unknown) =>
        this.onEvent('card action', data, (ctx) => parseCardAction(data, ctx), async (m) => {
          await this.accept(m);
          // The answer comes privately; the toast says so at once.
          return { toast: { type: 'info', content: pick(PRESS_TOAST, this.app.services.config.DEFAULT_LANG) } };
        }),
      'im.chat.member.bot.added_v1': (data: unknown) =>
        this.onEvent('bot added', data, (ctx) => parseBotAdded(data, ctx), async ({ eventId, chatId }) => {
          await sendOnce(this.app, 'lark', eventId, [welcomeFor('lark', chatId, this.app.services.config.DEFAULT_LANG)]);
        }),
    });
    this.ws = new lark.WSClient({
      appId: this.opts.appId,
      appSecret: this.opts.appSecret,
      domain: this.opts.domain,
      loggerLevel: LOGGER_LEVEL,
      logger: sdkLogger(log()),
      // Without it a half-dead socket is never noticed (the default is no liveness check).
      wsConfig: { pingTimeout: 30 },
      onReady: () => {
        log().info('long connection ready');
        this.readyResolve();
      },
      onReconnected: () => log().info('long connection re-established'),
      onError: (err: Error) => log().error({ error: err.message }, 'long connection failed for good'),
    });
    await this.ws.start({ eventDispatcher: dispatcher });
  }

  /** Stops taking events (those arriving now are refused, so Lark pushes them again), then disconnects. */
  async stop(): Promise<void> {
    await this.intake.close();
    this.ws?.close({ force: true });
  }

  /**
   * Runs one event through the intake. A malformed or forged event is logged (by kind and reason,
   * never its content) and acknowledged, changing nothing; a failure to accept throws, so the SDK
   * acknowledges with code 500 and Lark pushes the event again.
   */
  private onEvent<T>(kind: string, data: unknown, parse: (ctx: LarkContext) => Parsed<T>, handle: (value: T) => Promise<unknown>): Promise<unknown> {
    return this.intake.run(async () => {
      const parsed = parse({ appId: this.opts.appId, botOpenId: this.botOpenId, now: Date.now() });
      if (!parsed.ok) {
        const eventId = (data as { event_id?: unknown } | undefined)?.event_id;
        if (parsed.ignore) log().debug({ kind, eventId, reason: parsed.reason }, 'event ignored');
        else log().warn({ kind, eventId: typeof eventId === 'string' ? eventId : undefined, reason: parsed.reason }, 'malformed event acknowledged and dropped');
        return undefined;
      }
      return handle(parsed.value);
    });
  }

  private async accept(msg: InboundMessage): Promise<void> {
    const result = await this.app.inbox.accept(msg);
    if (result === 'duplicate') log().debug({ eventId: msg.eventId }, 'duplicate event acknowledged');
  }

  /** The bot's open_id, to recognise @-mentions of the bot; without it every mention counts. */
  private async fetchBotOpenId(): Promise<string | undefined> {
    try {
      const res = (await this.client.request({ method: 'GET', url: '/open-apis/bot/v3/info' })) as { code?: number; bot?: { open_id?: string } };
      if (res.code === 0 && res.bot?.open_id) return res.bot.open_id;
      log().warn({ code: res.code }, 'bot info unavailable; treating every @-mention as one of the bot');
    } catch (err) {
      log().warn({ error: (err as Error).message }, 'bot info unavailable; treating every @-mention as one of the bot');
    }
    return undefined;
  }
}
