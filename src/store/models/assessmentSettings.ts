import { Schema, model, type InferSchemaType } from 'mongoose';

const weightsSchema = new Schema(
  {
    attendance: { type: Number, required: true },
    returns: { type: Number, required: true },
    notices: { type: Number, required: true },
    reports: { type: Number, required: true },
  },
  { _id: false },
);

/**
 * A district's assessment and budget numbers (one document, keyed by the district grid's code);
 * a district without one uses the plan's defaults (`src/assessment/settings.ts`).
 */
const assessmentSettingsSchema = new Schema(
  {
    _id: { type: String, required: true },
    memberWeights: { type: weightsSchema, required: true },
    leaderWeights: { type: weightsSchema, required: true },
    passScore: { type: Number, required: true },
    passRate: { type: Number, required: true },
    threeStarShare: { type: Number, required: true },
    twoStarShare: { type: Number, required: true },
    rewardOne: { type: Number, required: true },
    rewardTwo: { type: Number, required: true },
    rewardThree: { type: Number, required: true },
    budgetMinimum: { type: Number, required: true },
    budgetPerMember: { type: Number, required: true },
    budgetExcellentBonus: { type: Number, required: true },
    updatedBy: { type: String },
  },
  { timestamps: true },
);

export type AssessmentSettingsDoc = InferSchemaType<typeof assessmentSettingsSchema>;
export const AssessmentSettingsModel = model('AssessmentSettings', assessmentSettingsSchema);
