import { bindingKey, ChatBindingModel } from './models/chatBinding.js';

/** Binds a group chat to a grid, or moves its binding to another grid. */
export async function bindChat(chat: { platform: string; chatId: string; title?: string }, grid: string, boundBy: string): Promise<void> {
  await ChatBindingModel.updateOne(
    { _id: bindingKey(chat.platform, chat.chatId) },
    { $set: { grid, title: chat.title, boundBy }, $setOnInsert: { platform: chat.platform, chatId: chat.chatId } },
    { upsert: true },
  );
}
