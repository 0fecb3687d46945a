import type { Config } from '../config.js';
import type { OutboundMessage, PlatformName } from '../core/types.js';
import { chatOrderKey } from './chatOrder.js';
import type { Rate, RateRule } from './rateLimiter.js';

interface PlatformRates {
  /** Every send of the platform app. */
  app: Rate[];
  /** Sends into one chat (or to one person). */
  chat: Rate[];
}

/**
 * The platforms' published send limits (shared/platforms.md, E), configurable because plans differ:
 * Lark allows 50/s and 1000/min per app and 5/s per chat; DingTalk's internal apps 20/s per API,
 * and its robots 20 messages a minute per group. The console chat has none.
 */
export function platformRates(config: Config): Partial<Record<PlatformName, PlatformRates>> {
  return {
    lark: {
      app: [
        { limit: config.LARK_APP_SENDS_PER_SECOND, windowMs: 1000 },
        { limit: config.LARK_APP_SENDS_PER_MINUTE, windowMs: 60_000 },
      ],
      chat: [{ limit: config.LARK_CHAT_SENDS_PER_SECOND, windowMs: 1000 }],
    },
    dingtalk: {
      app: [{ limit: config.DINGTALK_APP_SENDS_PER_SECOND, windowMs: 1000 }],
      chat: [{ limit: config.DINGTALK_CHAT_SENDS_PER_MINUTE, windowMs: 60_000 }],
    },
  };
}

/**
 * Our window is a little longer than the platform's: a send is counted here when it leaves and
 * there when it arrives, and uneven network delays would otherwise squeeze two windows into one.
 * The margin covers that unevenness, not a share of the window: a tenth of Lark's second cost a
 * broadcast 10% of its speed (bench/fanout.ts).
 */
const MARGIN_MS = 30;
const withMargin = (rate: Rate): Rate => ({ limit: rate.limit, windowMs: rate.windowMs + MARGIN_MS });

/**
 * An app's sends also go out a tenth of the limit per tenth of the window: a window's worth sent at
 * once reaches the platform over a stretch of time, and the next window's first sends would then
 * land inside the platform's count of the last one (which it answers with a pause of a second).
 */
const paced = (rate: Rate): Rate => ({ limit: Math.max(1, Math.floor(rate.limit / 10)), windowMs: Math.round(rate.windowMs / 10) });

/** The rules one message must pass: its platform app's and its chat's. */
export function rulesFor(rates: ReturnType<typeof platformRates>, msg: OutboundMessage): RateRule[] {
  const own = rates[msg.platform];
  if (!own) return [];
  return [
    ...own.app.flatMap((rate) => [withMargin(rate), paced(rate)].map((r) => ({ scope: `${msg.platform}:app`, rate: r }))),
    ...own.chat.map((rate) => ({ scope: chatOrderKey(msg), rate: withMargin(rate) })),
  ];
}
