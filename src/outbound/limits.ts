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
 * Our window is a tenth longer than the platform's: a send is counted here when it leaves and
 * there when it arrives, and uneven network delays would otherwise squeeze two windows into one.
 */
const withMargin = (rate: Rate): Rate => ({ limit: rate.limit, windowMs: Math.round(rate.windowMs * 1.1) });

/** The rules one message must pass: its platform app's and its chat's. */
export function rulesFor(rates: ReturnType<typeof platformRates>, msg: OutboundMessage): RateRule[] {
  const own = rates[msg.platform];
  if (!own) return [];
  return [
    ...own.app.map((rate) => ({ scope: `${msg.platform}:app`, rate: withMargin(rate) })),
    ...own.chat.map((rate) => ({ scope: chatOrderKey(msg), rate: withMargin(rate) })),
  ];
}
