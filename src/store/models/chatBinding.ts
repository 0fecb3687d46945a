import { Schema, model, type InferSchemaType } from 'mongoose';

/** A chat group bound to a grid: platform + chat id ↔ grid code. */
const chatBindingSchema = new Schema(
  {
    platform: { type: String, required: true },
    chatId: { type: String, required: true },
    grid: { type: String, required: true, index: true },
    title: { type: String },
    boundBy: { type: String },
  },
  { timestamps: true },
);
chatBindingSchema.index({ platform: 1, chatId: 1 }, { unique: true });

export type ChatBinding = InferSchemaType<typeof chatBindingSchema>;
export const ChatBindingModel = model('ChatBinding', chatBindingSchema);
