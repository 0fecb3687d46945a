import { isDuplicateKey } from './connect.js';
import { filingKey, ReturnsFilingModel, type ReturnsFiling } from './models/returnsFiling.js';

type Filing = Pick<ReturnsFiling, 'period' | 'member' | 'grid' | 'street' | 'filedAt'>;

/**
 * Records that a member's unit filed its returns for a month; returns the filing as first recorded
 * and whether this call made it. Two at once (a double tap) race to insert: the loser's
 * duplicate-key error means "already filed".
 */
export async function recordFiling(filing: Filing): Promise<{ filing: Filing; first: boolean }> {
  const key = filingKey(filing.period, filing.member);
  const res = await ReturnsFilingModel.updateOne({ _id: key }, { $setOnInsert: filing }, { upsert: true }).catch(
    (err: unknown) => {
      if (isDuplicateKey(err)) return { upsertedCount: 0 };
      throw err;
    },
  );
  if (res.upsertedCount > 0) return { filing, first: true };
  return { filing: (await ReturnsFilingModel.findById(key).lean<Filing>())!, first: false };
}
