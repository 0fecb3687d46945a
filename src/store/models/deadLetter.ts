import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * A message the outbound queue gave up on (its last try failed, or the platform refused it for
 * good), kept so an operator can see what a chat never received. Keyed by the outbound job id.
 */
const deadLetterSchema = new Schema({
  _id: { type: String, required: true },
  platform: { type: String, required: true },
  chatId: { type: String },
  userId: { type: String },
  message: { type: Schema.Types.Mixed, required: true },
  error: { type: String, required: true },
  attempts: { type: Number, required: true },
  failedAt: { type: Date, required: true, index: true },
});

export type DeadLetter = InferSchemaType<typeof deadLetterSchema>;
export const DeadLetterModel = model('DeadLetter', deadLetterSchema);
