import { Schema, model } from 'mongoose';

/**
 * The turn of one writer at one document: whoever inserts the `_id` holds it (the insert is the one
 * write FerretDB makes atomically); `until` lets a turn left by a crashed writer be taken over.
 */
const writeTurnSchema = new Schema({ _id: { type: String, required: true }, token: { type: String, required: true }, until: { type: Date, required: true } }, { versionKey: false });
export const WriteTurnModel = model('WriteTurn', writeTurnSchema);
