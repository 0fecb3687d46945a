import type { Model } from 'mongoose';
import { GridModel } from '../store/models/grid.js';
import { MemberModel } from '../store/models/member.js';
import { SurveyObjectModel } from '../store/models/surveyObject.js';
import type { ImportPlan } from './planImport.js';

/** Writes per round trip: large enough to be fast, small enough for any backend's message limit. */
const WRITE_BATCH = 1000;

const onlyDuplicates = (err: unknown) => {
  const errors = (err as { writeErrors?: Array<{ code?: number }> }).writeErrors;
  return Array.isArray(errors) && errors.length > 0 && errors.every((e) => e.code === 11000);
};

/**
 * Inserts and single-document updates, in batches without ordering. An insert meeting a document
 * already there (a run cut short and started again) is a no-op, so the whole import is idempotent.
 */
async function writeBatches(model: Model<any>, ops: any[]): Promise<void> {
  for (let i = 0; i < ops.length; i += WRITE_BATCH) {
    try {
      await model.bulkWrite(ops.slice(i, i + WRITE_BATCH), { ordered: false });
    } catch (err) {
      if (!onlyDuplicates(err)) throw err;
    }
  }
}

/** Grids first, so no object or member ever names a grid that is not there yet. */
export async function applyImport(plan: ImportPlan): Promise<void> {
  if (plan.errors.length) throw new Error('an import with row errors is not written');
  await writeBatches(GridModel, plan.newGrids.map((document) => ({ insertOne: { document } })));
  await writeBatches(SurveyObjectModel, [
    ...plan.objects.insert.map((document) => ({ insertOne: { document } })),
    ...plan.objects.update.map(({ id, set }) => ({ updateOne: { filter: { _id: id }, update: { $set: set } } })),
  ]);
  await writeBatches(MemberModel, [
    ...plan.members.insert.map((document) => ({ insertOne: { document: { ...document, identities: [] } } })),
    ...plan.members.update.map(({ id, set }) => ({ updateOne: { filter: { _id: id }, update: { $set: set } } })),
  ]);
}
