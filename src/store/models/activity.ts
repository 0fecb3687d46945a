import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { ACTIVITY_TYPES } from '../../domain/activity.js';
import { watchWrites } from '../storeChanges.js';

/**
 * An activity a grid holds (例会, 培训, 团建, 普法) with its check-in window. Flat fields only, so
 * every query is a plain equality or range on any backend.
 */
const activitySchema = new Schema(
  {
    /** The short number people type: 12 is "A-0012". */
    number: { type: Number, required: true, unique: true },
    grid: { type: String, required: true },
    street: { type: String },
    type: { type: String, required: true, enum: ACTIVITY_TYPES },
    title: { type: String, required: true },
    startsAt: { type: Date, required: true, index: true },
    checkInOpensAt: { type: Date, required: true },
    checkInClosesAt: { type: Date, required: true },
    /** A statistics home's code when held in one; the place as shown either way. */
    homeCode: { type: String },
    place: { type: String, required: true },
    /** The group it was announced in, where reminders go too. */
    platform: { type: String, required: true },
    chatId: { type: String, required: true },
    createdBy: { type: String, required: true },
    createdByName: { type: String },
    /** When it was announced, by the bot's clock: a reminder planned before this was never meant. */
    announcedAt: { type: Date },
    /** A street's or the bureau's training, for the level-3 grids beneath it too (`audienceOf`). */
    forGridsBelow: { type: Boolean },
    /** Set once when it is called off: it then counts for nobody and is reminded to nobody. */
    cancelledAt: { type: Date },
    cancelReason: { type: String },
    /** Idempotency: a command re-run after a crash finds the activity it created. */
    eventKey: { type: String, required: true, unique: true },
  },
  { timestamps: true },
);
activitySchema.index({ grid: 1, startsAt: 1 });
watchWrites(activitySchema, 'activities');

export type Activity = InferSchemaType<typeof activitySchema>;
export type ActivityRecord = Activity & { _id: Types.ObjectId };
export const ActivityModel = model('Activity', activitySchema);
