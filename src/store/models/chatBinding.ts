import { Schema, model, type InferSchemaType } from 'mongoose';
import { watchWrites } from '../storeChanges.js';

/** A chat group bound to a grid: platform + chat id ↔ grid code. */
const chatBindingSchema = new Schema(
  {
    /** "platform:chatId": a chat is bound once, so the chat is the binding's natural identity. */
    _id: { type: String, default(this: { platform?: string; chatId?: string }) { return bindingKey(this.platform ?? '', this.chatId ?? ''); } },
    platform: { type: String, required: true },
    chatId: { type: String, required: true },
    grid: { type: String, required: true, index: true },
    title: { type: String },
    boundBy: { type: String },
  },
  { timestamps: true },
);
chatBindingSchema.index({ platform: 1, chatId: 1 }, { unique: true });
watchWrites(chatBindingSchema, 'directory');

export function bindingKey(platform: string, chatId: string): string {
  return `${platform}:${chatId}`;
}

export type ChatBinding = InferSchemaType<typeof chatBindingSchema>;
export const ChatBindingModel = model('ChatBinding', chatBindingSchema);
