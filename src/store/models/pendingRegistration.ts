import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * A chat account's claim to be a directory person, waiting for one of that person's leaders to
 * confirm it. Its `_id` is the number the confirm and refuse buttons carry (R-0001); the account
 * ("platform:userId") has one claim at a time.
 */
const pendingRegistrationSchema = new Schema(
  {
    _id: { type: String, required: true },
    account: { type: String, required: true, unique: true },
    platform: { type: String, required: true },
    userId: { type: String, required: true },
    member: { type: Schema.Types.ObjectId, required: true },
    /** Who may confirm it: the person's grid leaders and deputies (or those of the grid above). */
    confirmers: { type: [Schema.Types.ObjectId], default: [] },
    at: { type: Date, required: true },
    /** The /登记 event that opened it: a re-run of that event after a crash asks the confirmers again. */
    eventKey: { type: String, required: true },
  },
  { versionKey: false },
);

export type PendingRegistration = InferSchemaType<typeof pendingRegistrationSchema> & { _id: string };
export const PendingRegistrationModel = model('PendingRegistration', pendingRegistrationSchema);
