import { isDuplicateKey } from './connect.js';
import { CounterModel } from './models/counter.js';
import { SequenceClaimModel } from './models/sequenceClaim.js';

/**
 * The next number of a sequence, from 1, unique under concurrency. FerretDB 1.24 (SQLite) applies
 * an update as a read then a write, so concurrent `$inc`s hand out the same number (200 at once gave
 * 14 numbers). Each number is therefore claimed by inserting its own `_id`; the counter only says
 * where to start looking, and a stale one costs a retry, never a duplicate.
 */
export async function nextSequence(name: string): Promise<number> {
  const hint = (await CounterModel.findById(name, { seq: 1 }).lean())?.seq ?? 0;
  for (let n = hint + 1; ; n++) {
    try {
      await SequenceClaimModel.create({ _id: `${name}:${n}` });
    } catch (err) {
      if (isDuplicateKey(err)) continue;
      throw err;
    }
    await CounterModel.updateOne({ _id: name, seq: { $lt: n } }, { $set: { seq: n } }, { upsert: true }).catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err; // the counter is already past n
    });
    return n;
  }
}
