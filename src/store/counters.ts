import { isDuplicateKey } from './connect.js';
import { CounterModel } from './models/counter.js';

/**
 * The next number of a sequence, from 1, unique under concurrency: one atomic `$inc` of its counter
 * document. Two first upserts at once may meet at the `_id` index; the loser then finds the document.
 */
export async function nextSequence(name: string): Promise<number> {
  const advance = () => CounterModel.findOneAndUpdate({ _id: name }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' }).lean();
  const counter = await advance().catch((err: unknown) => {
    if (isDuplicateKey(err)) return advance();
    throw err;
  });
  return counter!.seq;
}

/** Moves a sequence on to at least `n` (numbers loaded around the bot are never handed out again). */
export async function advanceSequence(name: string, n: number): Promise<void> {
  await CounterModel.updateOne({ _id: name }, { $max: { seq: n } }, { upsert: true }).catch((err: unknown) => {
    if (!isDuplicateKey(err)) throw err;
  });
}
