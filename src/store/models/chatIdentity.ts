import { Schema, model, type InferSchemaType } from 'mongoose';
import { watchWrites } from '../storeChanges.js';

/**
 * Chat identity → member, keyed by "platform:userId". The member's own `identities` list says the
 * same the other way round; this copy exists so the lookup on every message is an `_id` lookup
 * (FerretDB's SQLite backend serves no other query from an index).
 */
const chatIdentitySchema = new Schema(
  {
    _id: { type: String, required: true },
    member: { type: Schema.Types.ObjectId, required: true, index: true },
  },
  { timestamps: true },
);
watchWrites(chatIdentitySchema, 'directory');

export type ChatIdentity = InferSchemaType<typeof chatIdentitySchema>;
export const ChatIdentityModel = model('ChatIdentity', chatIdentitySchema);
