import { Schema, model, type InferSchemaType } from 'mongoose';

const tallySchema = new Schema({ done: { type: Number, required: true }, expected: { type: Number, required: true } }, { _id: false });

const adjustmentSchema = new Schema(
  {
    score: { type: Number, required: true },
    reason: { type: String, required: true },
    by: { type: String, required: true },
    byName: { type: String },
    at: { type: Date, required: true },
  },
  { _id: false },
);

/**
 * One member's result in one revision of a street's assessment. Written only by inserting a whole
 * revision (never updated in place), keyed "year:street:revision:member" so one is read by `_id`.
 */
const assessmentResultSchema = new Schema({
  _id: { type: String, required: true },
  year: { type: Number, required: true },
  street: { type: String, required: true },
  revision: { type: String, required: true },
  member: { type: String, required: true },
  name: { type: String, required: true },
  unit: { type: String, default: '' },
  /** The member's grids in the street, and those of them they lead. */
  grids: { type: [String], default: [] },
  leads: { type: [String], default: [] },
  attendance: { type: tallySchema, required: true },
  returns: { type: tallySchema, required: true },
  notices: { type: tallySchema, required: true },
  reports: { type: tallySchema, required: true },
  computedScore: { type: Number, required: true },
  adjustment: { type: adjustmentSchema },
  score: { type: Number, required: true },
  passed: { type: Boolean, required: true },
  stars: { type: Number, required: true, enum: [0, 1, 2, 3] },
  reward: { type: Number, required: true },
});
assessmentResultSchema.index({ year: 1, street: 1, revision: 1 });
assessmentResultSchema.index({ year: 1, member: 1 });

export type AssessmentResult = InferSchemaType<typeof assessmentResultSchema>;
export const AssessmentResultModel = model('AssessmentResult', assessmentResultSchema);

export const resultId = (year: number, street: string, revision: string, member: string) => `${year}:${street}:${revision}:${member}`;
