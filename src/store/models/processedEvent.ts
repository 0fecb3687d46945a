import { Schema, model, type InferSchemaType } from 'mongoose';

export const PROCESSED_EVENT_TTL_SECONDS = 7 * 24 * 3600;

/**
 * One record per incoming platform event, written before its effects; its key is the platform's
 * event or message id. Expires after a week (TTL index; purged by housekeeping where unsupported).
 */
const processedEventSchema = new Schema({
  _id: { type: String, required: true },
  status: { type: String, required: true, enum: ['accepted', 'done'] },
  receivedAt: { type: Date, required: true, expires: PROCESSED_EVENT_TTL_SECONDS },
  doneAt: { type: Date },
});

export type ProcessedEvent = InferSchemaType<typeof processedEventSchema>;
export const ProcessedEventModel = model('ProcessedEvent', processedEventSchema);
