import { CounterModel } from './models/counter.js';

/** The next number of a sequence, from 1; one atomic single-document update, safe under concurrency. */
export async function nextSequence(name: string): Promise<number> {
  const doc = await CounterModel.findOneAndUpdate({ _id: name }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' }).lean();
  return doc!.seq;
}
