import { assessmentReport } from './assessmentReport.js';
import { attendanceReport } from './attendanceReport.js';
import { budgetReport } from './budgetReport.js';
import { hearingReport } from './hearingReport.js';
import type { Report } from './report.js';

/** The tables the bureau files, by the name the admin export takes. */
export const REPORTS = {
  assessment: assessmentReport,
  budget: budgetReport,
  attendance: attendanceReport,
  reports: hearingReport,
} satisfies Record<string, (year: number, now: Date, street?: string) => Promise<Report>>;

export type ReportKind = keyof typeof REPORTS;

export const isReportKind = (name: string | undefined): name is ReportKind => name !== undefined && Object.hasOwn(REPORTS, name);

/** Next year's funds are known once this year's excellent grids are marked; the rest look back. */
export const yearsAhead = (kind: ReportKind) => (kind === 'budget' ? 1 : 0);
