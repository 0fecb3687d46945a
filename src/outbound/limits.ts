import type { Config } from '../config.js';
import type { OutboundMessage, PlatformName } from '../core/types.js';
import { chatOrderKey } from './chatOrder.js';
import type { Rate, RateRule } from './rateLimiter.js';

interface PlatformRates {
  /** Every send of the platform app. */
  app: Rate[];
  /** Sends into one chat (or to one person). */
  chat: Rate[];
  /** Updates of one sent card: ours, below the platforms' (Lark: 5 a second per message). */
  card: Rate[];
}

/**
 * The platforms' published send limits (shared/platforms.md, E), configurable because plans differ:
 * Lark allows 50/s and 1000/min per app and 5/s per chat; DingTalk's internal apps 20/s per API,
 * and its robots 20 messages a minute per group. The console chat has none.
 */
export function platformRates(config: Config): Partial<Record<PlatformName, PlatformRates>> {
  const cardRate = { limit: 1, windowMs: config.CARD_UPDATE_EVERY_MS };
  return {
    lark: {
      app: [
        { limit: config.LARK_APP_SENDS_PER_SECOND, windowMs: 1000 },
        { limit: config.LARK_APP_SENDS_PER_MINUTE, windowMs: 60_000 },
      ],
      chat: [{ limit: config.LARK_CHAT_SENDS_PER_SECOND, windowMs: 1000 }],
      card: [cardRate],
    },
    dingtalk: {
      app: [{ limit: config.DINGTALK_APP_SENDS_PER_SECOND, windowMs: 1000 }],
      chat: [{ limit: config.DINGTALK_CHAT_SENDS_PER_MINUTE, windowMs: 60_000 }],
      card: [cardRate],
    },
  };
}

/**
 * An app's sends are also paced, counted when they leave: at most a fifth of the limit in a tenth
 * of the window. A window's worth sent at once would queue at the platform, and every late answer
 * holds its place in the window (counted at the answer) for longer. Twice the average rate, not
 * the rate itself: pacing at exactly the limit loses for good every moment a send starts late,
 * while the window (which is the platform's rule) lets a late stretch catch up.
 */
const paced = (rate: Rate): Rate => ({ limit: Math.max(1, Math.ceil(rate.limit / 5)), windowMs: Math.round(rate.windowMs / 10) });

/** An app's limits in one scope, each counted at arrival, and their pacing. */
const appRules = (scope: string, rates: Rate[]): RateRule[] => rates.flatMap((rate) => [{ scope, rate, onArrival: true }, { scope, rate: paced(rate) }]);

/** The rules one message must pass: its platform app's and its chat's, the app's pacing, and a card's updates. */
export function rulesFor(rates: ReturnType<typeof platformRates>, msg: OutboundMessage): RateRule[] {
  const own = rates[msg.platform];
  if (!own) return [];
  return [
    ...appRules(`${msg.platform}:app`, own.app),
    ...own.chat.map((rate) => ({ scope: chatOrderKey(msg), rate, onArrival: true })),
    ...(msg.updates ? own.card.map((rate) => ({ scope: `${msg.platform}:card:${msg.updates}`, rate, onArrival: true })) : []),
  ];
}

/**
 * A batch send's rules: one call, whatever the number of people. Lark's batch message API has its
 * own per-app limits (1000/min and 50/s, like the send API's, counted apart: Lark limits each API
 * apart); DingTalk's one-to-one batch send is the API single private sends use, so it counts there.
 */
export function rulesForBatch(rates: ReturnType<typeof platformRates>, platform: PlatformName): { pauseScope: string; rules: RateRule[] } {
  const own = rates[platform];
  const scope = platform === 'lark' ? 'lark:batch' : `${platform}:app`;
  return { pauseScope: platform === 'lark' ? scope : platform, rules: appRules(scope, own?.app ?? []) };
}
