import { Schema, model, type InferSchemaType } from 'mongoose';
import { watchWrites } from '../storeChanges.js';

/**
 * Chat identity → member, keyed by "platform:userId" (its natural identity: one chat account is
 * one person). The member's own `identities` list says the same the other way round; the lookup on
 * every message comes here because an index on an array field serves no element lookup on the
 * embedded database (see `src/embedded/ferretdb/README.md`), while a key always does.
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
