import { SurveyObjectModel } from './models/surveyObject.js';

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Survey objects whose name contains the text or whose credit code is it, with their grid: the console's search. */
export async function findSurveyObjects(text: string, limit = 50): Promise<Array<{ name: string; creditCode: string; grid?: string | null }>> {
  return SurveyObjectModel.find(
    { $or: [{ creditCode: text.toUpperCase() }, { name: { $regex: escapeRegex(text) } }] },
    { _id: 0, name: 1, creditCode: 1, grid: 1 },
  ).limit(limit).lean();
}
