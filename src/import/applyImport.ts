import mongoose, { type Model } from 'mongoose';
import { GridModel } from '../store/models/grid.js';
import { MemberModel } from '../store/models/member.js';
import { SurveyObjectModel } from '../store/models/surveyObject.js';
import type { ImportPlan } from './planImport.js';

/** Writes per round trip: large enough to be fast, small enough for any backend's message limit. */
const WRITE_BATCH = 1000;

/**
 * FerretDB 1.x carries out each update as a pass over the collection, and a large batch of them
 * slows it down sharply (100 updates in one bulkWrite did not finish in ten minutes at 20,000
 * documents, 10 took 70 ms each), so there updates go ten at a time. Inserts are fast everywhere.
 */
async function updateBatchSize(): Promise<number> {
  const info = await mongoose.connection.db!.admin().command({ buildInfo: 1 });
  return info.ferretdbVersion ? 10 : WRITE_BATCH;
}

const onlyDuplicates = (err: unknown) => {
  const errors = (err as { writeErrors?: Array<{ code?: number }> }).writeErrors;
  return Array.isArray(errors) && errors.length > 0 && errors.every((e) => e.code === 11000);
};

/**
 * Inserts and single-document updates, in batches without ordering. An insert meeting a document
 * already there (a run cut short and started again) is a no-op, so the whole import is idempotent.
 */
async function writeBatches(model: Model<any>, ops: any[], size = WRITE_BATCH): Promise<void> {
  for (let i = 0; i < ops.length; i += size) {
    try {
      await model.bulkWrite(ops.slice(i, i + size), { ordered: false });
    } catch (err) {
      if (!onlyDuplicates(err)) throw err;
    }
  }
}

/** Grids first, so no object or member ever names a grid that is not there yet. */
export async function applyImport(plan: ImportPlan): Promise<void> {
  if (plan.errors.length) throw new Error('an import with row errors is not written');
  const updates = plan.objects.update.length + plan.members.update.length ? await updateBatchSize() : WRITE_BATCH;
  const updateOps = (list: Array<{ id: unknown; set: object }>) => list.map(({ id, set }) => ({ updateOne: { filter: { _id: id }, update: { $set: set } } }));
  await writeBatches(GridModel, plan.newGrids.map((document) => ({ insertOne: { document } })));
  await writeBatches(SurveyObjectModel, plan.objects.insert.map((document) => ({ insertOne: { document } })));
  await writeBatches(SurveyObjectModel, updateOps(plan.objects.update), updates);
  await writeBatches(MemberModel, plan.members.insert.map((document) => ({ insertOne: { document: { ...document, identities: [] } } })));
  await writeBatches(MemberModel, updateOps(plan.members.update), updates);
}
