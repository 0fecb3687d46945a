import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * A year of the national holiday calendar as the bureau entered it (`_id` the year, "2027"): its
 * days off and its make-up working days, "YYYY-MM-DD". It overrides the `chinese-days` package.
 */
const calendarYearSchema = new Schema({
  _id: { type: String, required: true },
  year: { type: Number, required: true },
  holidays: { type: [String], required: true },
  workdays: { type: [String], required: true },
  enteredAt: { type: Date, required: true },
  /** Where the dates came from: the file's name, for the audit. */
  source: { type: String },
});

export type CalendarYearDoc = InferSchemaType<typeof calendarYearSchema>;
export const CalendarYearModel = model('CalendarYear', calendarYearSchema, 'calendaryears');
