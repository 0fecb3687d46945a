import type { OutboundMessage } from '../core/types.js';
import { recordSentCard } from '../store/sentCards.js';

/** Remembers a card as it is sent: what it said, its buttons, where it went and what it counts. */
export async function rememberCard(key: string, msg: OutboundMessage): Promise<void> {
  await recordSentCard(
    {
      _id: key,
      platform: msg.platform,
      chatId: msg.chatId,
      userId: msg.userId ?? msg.replyHint?.userId,
      chatType: msg.replyHint?.chatType ?? (msg.chatId ? 'group' : 'p2p'),
      title: msg.title,
      text: msg.text,
      buttons: msg.buttons ?? [],
      live: msg.live,
    },
    new Date(),
  );
}
