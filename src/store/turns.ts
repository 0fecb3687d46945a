import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDuplicateKey } from './connect.js';
import { WriteTurnModel } from './models/writeTurn.js';

const TURN_MS = 10_000;

/** The turn at a member's document (identities, memberships). */
export const memberTurn = (memberId: unknown) => `member:${String(memberId)}`;

/**
 * Runs `fn` in this writer's turn at `id`, across processes (taking over a turn left past its time
 * by a crashed writer). For a read-modify-write of one document, or a conditional update, which
 * FerretDB 1.24 does not make atomic: two at once could both apply, or one could lose the other's.
 */
export async function inTurn<T>(id: string, fn: () => Promise<T>): Promise<T> {
  const token = randomUUID();
  for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
    try {
      await WriteTurnModel.create({ _id: id, token, until: new Date(Date.now() + TURN_MS) });
      break;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const held = await WriteTurnModel.findById(id).lean();
    if (held && held.until.getTime() < Date.now()) await WriteTurnModel.deleteOne({ _id: id, token: held.token });
    else await sleep(wait);
  }
  try {
    return await fn();
  } finally {
    await WriteTurnModel.deleteOne({ _id: id, token });
  }
}
