import { Schema, model } from 'mongoose';

/**
 * A street's level-3 grids with how many people each one's roster lists, e.g.
 * `{ _id: 'S001', grids: { 'S001-001': 5, 'S001-002': 0 } }`: what the console's overview sums for the
 * district or a street by reading one small document a street instead of every grid and member.
 * Kept by `store/streetDirectories.ts` where rosters are written.
 */
const streetDirectorySchema = new Schema(
  {
    _id: { type: String, required: true },
    grids: { type: Schema.Types.Mixed, default: {} },
  },
  { versionKey: false, minimize: false },
);

export const StreetDirectoryModel = model('StreetDirectory', streetDirectorySchema);
