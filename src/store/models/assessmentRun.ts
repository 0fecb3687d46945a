import { Schema, model, type InferSchemaType } from 'mongoose';

export const ASSESSMENT_STATUSES = ['draft', 'submitted', 'confirmed'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

/**
 * A street's assessment of a year ("2026:JS"): its status and the revision of results in force.
 * Results are written as a new revision, then this document is switched to it by one conditional
 * update (its revision and status as read): without transactions, that one write is what makes a
 * change happen or not, and once confirmed nothing switches it again.
 */
const assessmentRunSchema = new Schema({
  _id: { type: String, required: true },
  year: { type: Number, required: true },
  street: { type: String, required: true },
  status: { type: String, required: true, enum: ASSESSMENT_STATUSES },
  revision: { type: String, required: true },
  /** The event that made the last change: a command re-run after a crash sees it is done. */
  lastEvent: { type: String, required: true },
  /** Records counted up to this moment. */
  asOf: { type: Date, required: true },
  /** The scoring and star rules the revision was ranked by. */
  rules: { type: Schema.Types.Mixed, required: true },
  summary: { type: Schema.Types.Mixed, required: true },
  adjusted: { type: Number, required: true, default: 0 },
  /** Members the street placed within a tie (/评星 调整), kept like adjustments on a new draft. */
  picked: { type: Number },
  computedAt: { type: Date, required: true },
  computedBy: { type: String },
  computedByName: { type: String },
  submittedAt: { type: Date },
  submittedByName: { type: String },
  confirmedAt: { type: Date },
  confirmedByName: { type: String },
  /** Why the bureau confirmed a street below the pass rate (asked for as a second step). */
  confirmReason: { type: String },
});
assessmentRunSchema.index({ year: 1, street: 1 }, { unique: true });

export type AssessmentRun = InferSchemaType<typeof assessmentRunSchema>;
export const AssessmentRunModel = model('AssessmentRun', assessmentRunSchema);

export const runId = (year: number, street: string) => `${year}:${street}`;
