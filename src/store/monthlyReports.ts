import { MonthlyReportModel, type MonthlyReport } from './models/monthlyReport.js';

/**
 * Keeps a grid's report for a month: the first submission's time and author stay, a later text
 * replaces the earlier one and is marked revised. Returns the report as kept.
 */
export async function saveMonthlyReport(
  { grid, street, period, text }: Pick<MonthlyReport, 'grid' | 'street' | 'period' | 'text'>,
  by: { id: string; name: string; at: Date },
): Promise<{ report: MonthlyReport; revised: boolean }> {
  const first = { submittedAt: by.at, submittedBy: by.id, submittedByName: by.name };
  const res = await MonthlyReportModel.updateOne({ grid, period }, { $set: { text, street }, $setOnInsert: first }, { upsert: true });
  const revised = res.upsertedCount === 0;
  if (revised) await MonthlyReportModel.updateOne({ grid, period }, { $set: { revisedAt: by.at } });
  return { report: (await MonthlyReportModel.findOne({ grid, period }).lean<MonthlyReport>())!, revised };
}

/** A street's reports for a month. */
export async function monthlyReportsOf(street: string, period: string): Promise<MonthlyReport[]> {
  return MonthlyReportModel.find({ street, period }).lean<MonthlyReport[]>();
}
