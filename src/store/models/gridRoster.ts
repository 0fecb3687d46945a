import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * A grid's directory, derived from the members (the source of truth): keyed by the grid's code, so
 * the assessment and `/通讯录` read one document a grid instead of the members. The people are packed
 * into one string (see `store/rosters.ts`): FerretDB's cost of reading a document grows with its
 * fields. Writers take turns per grid (`inTurn`), as each change rewrites the string.
 */
const gridRosterSchema = new Schema(
  {
    _id: { type: String, required: true },
    people: { type: String, required: true },
  },
  { versionKey: false },
);

export type GridRoster = InferSchemaType<typeof gridRosterSchema>;
export const GridRosterModel = model('GridRoster', gridRosterSchema);
