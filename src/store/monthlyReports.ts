import { isDuplicateKey, loadRecords } from './connect.js';
import { MonthlyReportModel, type MonthlyReport } from './models/monthlyReport.js';

export interface FiledReport {
  report: MonthlyReport;
  /** It replaced an earlier text (of another event): the reply says "updated". */
  revised: boolean;
}

/**
 * Files a grid's report for a month, the latest text kept. Two at once both try to insert: the
 * loser meets the unique index and replaces the winner's text instead. An event handled again
 * after a crash finds itself on the report and writes nothing, so it answers as it did the first time.
 */
export async function fileMonthlyReport(r: {
  grid: string;
  street: string;
  period: string;
  text: string;
  at: Date;
  by: string;
  byName: string;
  eventKey: string;
}): Promise<FiledReport> {
  const filter = { grid: r.grid, period: r.period };
  const seen = await MonthlyReportModel.findOne(filter).lean();
  if (seen && (seen.firstEvent === r.eventKey || seen.lastEvent === r.eventKey)) return { report: seen, revised: seen.firstEvent !== r.eventKey };
  const write = () =>
    MonthlyReportModel.updateOne(
      filter,
      {
        $set: { text: r.text, street: r.street, lastEvent: r.eventKey },
        $setOnInsert: { submittedAt: r.at, submittedBy: r.by, submittedByName: r.byName, firstEvent: r.eventKey },
      },
      { upsert: true },
    );
  const res = await write().catch(async (err: unknown) => {
    if (!isDuplicateKey(err)) throw err;
    return write();
  });
  if (res.upsertedCount === 0) await MonthlyReportModel.updateOne(filter, { $set: { revisedAt: r.at } });
  return { report: (await MonthlyReportModel.findOne(filter).lean())!, revised: res.upsertedCount === 0 };
}

/** A street's reports for a month. */
export async function monthlyReportsOf(street: string, period: string): Promise<MonthlyReport[]> {
  return MonthlyReportModel.find({ street, period }).lean<MonthlyReport[]>();
}

/** The grid's report for a month, if filed. */
export async function monthlyReportOf(grid: string, period: string): Promise<MonthlyReport | undefined> {
  return (await MonthlyReportModel.findOne({ grid, period }).lean<MonthlyReport>()) ?? undefined;
}

/**
 * Records that the street heard a report: the first hearing is kept (a conditional update on its
 * absence), so a second press or a replay changes nothing and is told who heard it and when.
 */
export async function recordHearing(h: { grid: string; period: string; at: Date; by: string; byName: string }): Promise<{ report?: MonthlyReport; first: boolean }> {
  const filter = { grid: h.grid, period: h.period };
  const res = await MonthlyReportModel.updateOne({ ...filter, heardAt: { $exists: false } }, { $set: { heardAt: h.at, heardBy: h.by, heardByName: h.byName } });
  return { report: await monthlyReportOf(h.grid, h.period), first: res.modifiedCount === 1 };
}

/** Reports of the past (and their hearing), loaded around the bot (the demo's year); the caller rebuilds the tallies. */
export const loadMonthlyReports = (reports: Array<Omit<MonthlyReport, 'createdAt' | 'updatedAt'>>) =>
  loadRecords(MonthlyReportModel, reports);
