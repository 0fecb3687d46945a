import { LuaScript } from '../queue/luaScript.js';
import type { EventLedger } from './eventLedger.js';
import { parseLine } from './commandLine.js';
import type { Services } from './services.js';
import type { InboundMessage } from './types.js';

export type RateVerdict = 'within' | 'justOver' | 'over';

type Counting = Pick<Services, 'redis' | 'queuePrefix' | 'config'>;

const keyOf = (services: Counting, msg: Pick<InboundMessage, 'platform' | 'senderId'>) =>
  `${services.queuePrefix}:commandRate:${msg.platform}:${msg.senderId}:${Math.floor(Date.now() / 60_000)}`;

const verdict = (services: Counting, count: number): RateVerdict => {
  const limit = services.config.COMMANDS_PER_MINUTE;
  return count <= limit ? 'within' : count === limit + 1 ? 'justOver' : 'over';
};

/**
 * Counts a person's commands in the current minute (in Redis, shared by every bot process): past
 * `COMMANDS_PER_MINUTE` the first extra one is answered and the rest are dropped unanswered.
 */
export async function commandRate(services: Counting, msg: Pick<InboundMessage, 'platform' | 'senderId'>): Promise<RateVerdict> {
  const key = keyOf(services, msg);
  const [[, count]] = (await services.redis.multi().incr(key).expire(key, 120).exec()) as [[unknown, number], unknown];
  return verdict(services, count);
}

// KEYS[1]: the event's ledger entry; KEYS[2], if given: the person's count this minute. -1 if the
// event is done already, else the count (0 when not counted).
const START = new LuaScript(`
if redis.call('GET', KEYS[1]) == 'done' then return -1 end
if not KEYS[2] then return 0 end
local n = redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], 120)
return n`);

/**
 * A message's job starting, in one round trip: whether its event is handled already, and for a
 * command, the person's rate (counted as `commandRate` would; `dispatch` takes it from here).
 */
export async function startMessage(services: Counting, events: EventLedger, msg: InboundMessage, eventKey: string): Promise<'done' | { rate?: RateVerdict }> {
  const command = parseLine(msg.text).kind === 'command';
  const keys = [events.keyOf(eventKey), ...(command ? [keyOf(services, msg)] : [])];
  const count = Number(await START.run(services.redis, keys, []));
  if (count < 0) return 'done';
  return command ? { rate: verdict(services, count) } : {};
}
