import type { AssessmentRules, StreetSummary } from '../domain/assessmentResults.js';
import type { RunRecord } from './runs.js';

// A run keeps the rules and the summary it was ranked with as plain documents; these give them their types.
export const rulesOf = (run: Pick<RunRecord, 'rules'>) => run.rules as AssessmentRules;
export const summaryOf = (run: Pick<RunRecord, 'summary'>) => run.summary as StreetSummary;
