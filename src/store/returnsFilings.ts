import { beforeDeadline } from '../domain/assessmentYear.js';
import { isDuplicateKey, loadRecords } from './connect.js';
import { countOnce, yearOfPeriod } from './gridTallies.js';
import { filingKey, ReturnsFilingModel, type ReturnsFiling } from './models/returnsFiling.js';

type Filing = Pick<ReturnsFiling, 'period' | 'member' | 'grid' | 'street' | 'filedAt'>;
type Stored = Filing & Pick<ReturnsFiling, 'tallyBy' | 'tallied'>;

/**
 * Records that a member's unit filed its returns for a month; returns the filing as first recorded
 * and whether this call made it. Two at once (a double tap) race to insert: the loser's
 * duplicate-key error means "already filed". A filing before the month's deadline (`returnsEndDay`,
 * the street's setting now) counts in the grid's tally, from the event that made it: a re-run of
 * that event completes a count a crash cut short (`countOnce`).
 */
export async function recordFiling(filing: Filing, by: { eventKey: string; returnsEndDay: number }): Promise<{ filing: Filing; first: boolean }> {
  const _id = filingKey(filing.period, filing.member);
  const res = await ReturnsFilingModel.updateOne({ _id }, { $setOnInsert: { ...filing, tallyBy: by.eventKey } }, { upsert: true }).catch(
    (err: unknown) => {
      if (isDuplicateKey(err)) return { upsertedCount: 0 };
      throw err;
    },
  );
  const first = res.upsertedCount > 0;
  const stored = first ? { ...filing, tallyBy: by.eventKey } : (await ReturnsFilingModel.findById(_id).lean<Stored>())!;
  if (stored.tallyBy === by.eventKey && beforeDeadline(stored.period, by.returnsEndDay, stored.filedAt)) {
    await countOnce({
      key: `filed:${_id}`,
      tallies: [{ tally: { year: yearOfPeriod(stored.period), grid: stored.grid, street: stored.street }, facts: [{ kind: 'filedOnTime', member: stored.member, period: stored.period }] }],
      counted: !!stored.tallied,
      mark: () => ReturnsFilingModel.updateOne({ _id }, { $set: { tallied: true } }),
    });
  }
  return { filing: stored, first };
}

/** Filings of the past, loaded around the bot (the demo's year); the caller rebuilds the tallies. */
export const loadFilings = (filings: Filing[]) =>
  loadRecords(ReturnsFilingModel, filings.map((f) => ({ _id: filingKey(f.period, f.member), ...f })));
