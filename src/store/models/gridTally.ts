import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * A grid's records of one year, derived from the activities, attendance, returns filings, notice
 * acknowledgements and monthly reports (which stay the source of truth), so the annual assessment
 * reads one document per grid instead of every record: keyed "year:grid".
 *
 * The facts are packed into one JSON string (`data`, see `TallyData` in `store/gridTallies.ts`):
 * FerretDB's cost of reading a document grows with its number of fields (some 10 µs each), so
 * hundreds of keyed fields a grid would cost as much as the records. Packed means every change is a
 * read-modify-write of the document, so its writers take turns (`inTurn`, `store/turns.ts`).
 */
const gridTallySchema = new Schema(
  {
    _id: { type: String, required: true },
    year: { type: Number, required: true },
    grid: { type: String, required: true },
    street: { type: String, required: true },
    data: { type: String, required: true },
  },
  { versionKey: false },
);
gridTallySchema.index({ year: 1, street: 1 });

export type GridTally = InferSchemaType<typeof gridTallySchema>;
export const GridTallyModel = model('GridTally', gridTallySchema);

export const tallyId = (year: number, grid: string) => `${year}:${grid}`;
