import { Schema, model } from 'mongoose';

/**
 * A grid's records of one year, counted from the activities, attendance, returns filings, notice
 * acknowledgements and monthly reports (which stay the source of truth), so the annual assessment
 * reads one document per grid instead of every record: keyed "year:grid", its natural identity.
 *
 * Per member counters, `members.<member>` = `{ present, filedOnTime, lastFiledOnTime, acks }`, are
 * kept with `$inc` (counted once per record: `countOnce` in `store/gridTallies.ts`); the grid's
 * activities (`held.<number>` = `{ startsAt, closesAt }`) and monthly reports (`reports.<YYYY-MM>`)
 * with `$set`, the same when written twice.
 */
const gridTallySchema = new Schema(
  {
    _id: { type: String, required: true },
    year: { type: Number, required: true },
    grid: { type: String, required: true },
    street: { type: String, required: true },
    held: { type: Schema.Types.Mixed },
    reports: { type: Schema.Types.Mixed },
    members: { type: Schema.Types.Mixed },
    pending: { type: [String] },
  },
  { versionKey: false, minimize: false },
);
gridTallySchema.index({ year: 1, street: 1 });

export const GridTallyModel = model('GridTally', gridTallySchema);

export const tallyId = (year: number, grid: string) => `${year}:${grid}`;
