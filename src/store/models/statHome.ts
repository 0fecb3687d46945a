import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * A statistics home (统计之家): one per street, one per park of the zone, optional per grid ("1 + X"),
 * and the district's own. Street admins add and retire their street's; a retired one stays for the
 * activities held there.
 */
const statHomeSchema = new Schema(
  {
    code: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    scope: { type: String, required: true, enum: ['district', 'street', 'park', 'grid'] },
    street: { type: String, required: true, index: true },
    grid: { type: String },
    address: { type: String, default: '' },
    retiredAt: { type: Date },
    retiredBy: { type: String },
  },
  { timestamps: true },
);

export type StatHome = InferSchemaType<typeof statHomeSchema>;
export const StatHomeModel = model('StatHome', statHomeSchema);
