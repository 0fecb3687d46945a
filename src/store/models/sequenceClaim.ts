import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * One issued number of a sequence, keyed "name:n" (e.g. "problem:231"). Inserting a new `_id` is
 * the one write FerretDB 1.24 (SQLite) makes atomically, so a number belongs to whoever inserts it.
 */
const sequenceClaimSchema = new Schema({ _id: { type: String, required: true } }, { versionKey: false });

export type SequenceClaim = InferSchemaType<typeof sequenceClaimSchema>;
export const SequenceClaimModel = model('SequenceClaim', sequenceClaimSchema);
