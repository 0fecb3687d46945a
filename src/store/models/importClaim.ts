import { Schema, model } from 'mongoose';

/** A chat import applied: its id is claimed once, so a second press or a replay writes nothing. */
const importClaimSchema = new Schema({
  _id: { type: String, required: true },
  eventKey: { type: String, required: true },
  at: { type: Date, required: true },
});

export const ImportClaimModel = model('ImportClaim', importClaimSchema);
