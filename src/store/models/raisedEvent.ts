import { Schema, model, type InferSchemaType } from 'mongoose';

export const RAISED_EVENT_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Which problem number a chat event raised: claimed before the problem is written, so a re-run of
 * the event after a crash finds its number (by `_id`, the one lookup FerretDB 1.x indexes) instead of
 * taking a second one. Only re-runs need it, so it expires after a week, as the event ledger does.
 */
const raisedEventSchema = new Schema(
  {
    /** The event key ("platform:eventId"). */
    _id: { type: String, required: true },
    number: { type: Number, required: true },
    at: { type: Date, required: true, expires: RAISED_EVENT_TTL_SECONDS },
  },
  { versionKey: false },
);

export type RaisedEvent = InferSchemaType<typeof raisedEventSchema>;
export const RaisedEventModel = model('RaisedEvent', raisedEventSchema);
