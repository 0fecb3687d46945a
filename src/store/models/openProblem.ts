import { Schema, model, type InferSchemaType } from 'mongoose';
import { PROBLEM_STATUSES } from '../../domain/problemFlow.js';

/**
 * One small row per unresolved problem, which the lists read. FerretDB 1.x uses no secondary index
 * (it filters every document itself), so a list over all problems ever raised would read them all;
 * this collection holds only the open ones. On MongoDB its indexes serve each list: `raisedAt_1`
 * the bureau's, the others a street's, a grid's, a person's.
 */
const openProblemSchema = new Schema(
  {
    /** The problem's id ("Q-0231"). */
    _id: { type: String, required: true },
    number: { type: Number, required: true },
    /** The problem's step count when this row was written: an older view never overwrites a newer one. */
    rev: { type: Number, required: true },
    status: { type: String, required: true, enum: PROBLEM_STATUSES },
    level: { type: Number, required: true },
    grid: { type: String, required: true },
    gridName: { type: String, required: true },
    street: { type: String },
    askerId: { type: String, required: true },
    askerName: { type: String, required: true },
    holderId: { type: String },
    text: { type: String, required: true },
    raisedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
openProblemSchema.index({ raisedAt: 1 });
openProblemSchema.index({ street: 1, raisedAt: 1 });
openProblemSchema.index({ grid: 1, raisedAt: 1 });
openProblemSchema.index({ askerId: 1 });
openProblemSchema.index({ holderId: 1 });

export type OpenProblem = InferSchemaType<typeof openProblemSchema>;
export const OpenProblemModel = model('OpenProblem', openProblemSchema);
