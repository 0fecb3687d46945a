import { Schema, model } from 'mongoose';

/**
 * A grid's directory, derived from the members (the source of truth): keyed by the grid's code (its
 * natural identity), so the assessment and `/通讯录` read one document a grid instead of the members.
 * `people` maps each member's id to what the roster shows of them, e.g.
 * `people.<memberId> = { name, phone, unit, role }`: one member's entry is written or removed by one
 * `$set`/`$unset` of its path, atomically and without reading the rest (see `store/rosters.ts`).
 */
const gridRosterSchema = new Schema(
  {
    _id: { type: String, required: true },
    people: { type: Schema.Types.Mixed, default: {} },
  },
  { versionKey: false, minimize: false },
);

export const GridRosterModel = model('GridRoster', gridRosterSchema);
