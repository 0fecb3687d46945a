import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * A problem's answer the bureau published (/标准答复): visible to everyone, and suggested when a new
 * question matches its words. Kept apart from the problems so matching reads only these.
 */
const standardAnswerSchema = new Schema(
  {
    /** The problem's id ("Q-0231"). */
    _id: { type: String, required: true },
    number: { type: Number, required: true },
    question: { type: String, required: true },
    /** Every answer the problem got, in order (a follow-up's answer completes the first). */
    answer: { type: String, required: true },
    tags: { type: [String], default: [] },
    /** Words of the question and the tags (jieba), matched against new questions. */
    terms: { type: [String], default: [] },
    markedBy: { type: String },
  },
  { timestamps: true, versionKey: false },
);

export type StandardAnswer = InferSchemaType<typeof standardAnswerSchema> & { _id: string };
export const StandardAnswerModel = model('StandardAnswer', standardAnswerSchema);
