import { Schema, model, type InferSchemaType } from 'mongoose';

/** A member's confirmation (`/已报`) that their unit's statistical returns for a month were filed. */
const returnsFilingSchema = new Schema({
  /** "period:member", so a member's confirmation is found by `_id`, the lookup FerretDB indexes. */
  _id: { type: String, default(this: { period?: string; member?: string }) { return filingKey(this.period ?? '', this.member ?? ''); } },
  /** "YYYY-MM" (China time). */
  period: { type: String, required: true },
  member: { type: String, required: true },
  grid: { type: String, required: true },
  street: { type: String, required: true },
  filedAt: { type: Date, required: true },
  /** The event that made this record count in the grid tallies, and whether it was counted (`countOnce`). */
  tallyBy: { type: String },
  tallied: { type: Boolean },
});
returnsFilingSchema.index({ period: 1, member: 1 }, { unique: true });
returnsFilingSchema.index({ street: 1, period: 1 });

export const filingKey = (period: string, member: string) => `${period}:${member}`;

export type ReturnsFiling = InferSchemaType<typeof returnsFilingSchema>;
export const ReturnsFilingModel = model('ReturnsFiling', returnsFilingSchema);
