import { Schema, model, type InferSchemaType } from 'mongoose';

/** An enterprise or village/community the grid serves (统计调查对象). */
const surveyObjectSchema = new Schema(
  {
    /** Unified social credit code for enterprises; a generated code for villages. */
    creditCode: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    kind: { type: String, required: true, enum: ['enterprise', 'village'] },
    industry: { type: String, required: true },
    street: { type: String, required: true, index: true },
    grid: { type: String, index: true },
  },
  { timestamps: true },
);

export type SurveyObject = InferSchemaType<typeof surveyObjectSchema>;
export const SurveyObjectModel = model('SurveyObject', surveyObjectSchema);
