import type { Services } from './services.js';
import type { InboundMessage } from './types.js';

export type RateVerdict = 'within' | 'justOver' | 'over';

/**
 * Counts a person's commands in the current minute (in Redis, shared by every bot process): past
 * `COMMANDS_PER_MINUTE` the first extra one is answered and the rest are dropped unanswered.
 */
export async function commandRate(
  services: Pick<Services, 'redis' | 'queuePrefix' | 'config'>,
  msg: Pick<InboundMessage, 'platform' | 'senderId'>,
): Promise<RateVerdict> {
  const minute = Math.floor(Date.now() / 60_000);
  const key = `${services.queuePrefix}:commandRate:${msg.platform}:${msg.senderId}:${minute}`;
  const [[, count]] = (await services.redis.multi().incr(key).expire(key, 120).exec()) as [[unknown, number], unknown];
  const limit = services.config.COMMANDS_PER_MINUTE;
  return count <= limit ? 'within' : count === limit + 1 ? 'justOver' : 'over';
}
