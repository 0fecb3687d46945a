import { Schema, model } from 'mongoose';

/**
 * A grid's records of one year, derived from the activities, attendance, returns filings, notice
 * acknowledgements and monthly reports (which stay the source of truth), so the annual assessment
 * reads one document per grid instead of every record: keyed "year:grid", its natural identity.
 *
 * Each fact is a field at a path named by what it is about, e.g. `present.12.<member>` = when they
 * checked in at activity 12 (see `TallyDoc` in `store/gridTallies.ts`), written by one `$set` or
 * `$unset` of that path: atomic, and the same fact written twice leaves the document as it was.
 */
const gridTallySchema = new Schema(
  {
    _id: { type: String, required: true },
    year: { type: Number, required: true },
    grid: { type: String, required: true },
    street: { type: String, required: true },
    held: { type: Schema.Types.Mixed },
    present: { type: Schema.Types.Mixed },
    filed: { type: Schema.Types.Mixed },
    acks: { type: Schema.Types.Mixed },
    reports: { type: Schema.Types.Mixed },
  },
  { versionKey: false, minimize: false },
);
gridTallySchema.index({ year: 1, street: 1 });

export const GridTallyModel = model('GridTally', gridTallySchema);

export const tallyId = (year: number, grid: string) => `${year}:${grid}`;
