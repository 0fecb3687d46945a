import { Schema, model, type InferSchemaType } from 'mongoose';

/** A level-3 leader's monthly report (月度汇报) to the street: one per grid and month, the latest text kept. */
const monthlyReportSchema = new Schema(
  {
    grid: { type: String, required: true },
    street: { type: String, required: true },
    /** "YYYY-MM" (China time). */
    period: { type: String, required: true },
    text: { type: String, required: true },
    submittedAt: { type: Date, required: true },
    submittedBy: { type: String, required: true },
    submittedByName: { type: String },
    /** Set when the text was replaced after the first submission. */
    revisedAt: { type: Date },
    /** The events that filed it first and last: handled again after a crash, one answers as before. */
    firstEvent: { type: String },
    lastEvent: { type: String },
    /** The street's hearing (听取): the street leader or deputy who heard it, first press kept. */
    heardAt: { type: Date },
    heardBy: { type: String },
    heardByName: { type: String },
  },
  { timestamps: true },
);
monthlyReportSchema.index({ grid: 1, period: 1 }, { unique: true });
monthlyReportSchema.index({ street: 1, period: 1 });

export type MonthlyReport = InferSchemaType<typeof monthlyReportSchema>;
export const MonthlyReportModel = model('MonthlyReport', monthlyReportSchema);
