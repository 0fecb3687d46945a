import { Schema, model } from 'mongoose';

/**
 * A card the bot sent that something must find again: a DingTalk card whose button presses come
 * back naming only the card, or a card that shows live counts and is updated in place. Keyed by
 * the card's own key (DingTalk's `cardBizId`), derived from the outbound delivery.
 */
const sentCardSchema = new Schema({
  _id: { type: String, required: true },
  platform: { type: String, required: true },
  /** The group it went to, or the person for a private card. */
  chatId: { type: String },
  userId: { type: String },
  chatType: { type: String, enum: ['group', 'p2p'], required: true },
  title: { type: String },
  text: { type: String, required: true },
  buttons: { type: [{ _id: false, label: { type: String, required: true }, command: { type: String, required: true } }], default: [] },
  /** "activity:A-0001" or "notice:N-0007": what its live line counts. */
  live: { type: String, index: true },
  /** Lark: the message id the update goes to. */
  messageId: { type: String },
  sentAt: { type: Date, required: true },
});

export interface SentCard {
  _id: string;
  platform: string;
  chatId?: string;
  userId?: string;
  chatType: 'group' | 'p2p';
  title?: string;
  text: string;
  buttons: Array<{ label: string; command: string }>;
  live?: string;
  messageId?: string;
  sentAt: Date;
}
export const SentCardModel = model('SentCard', sentCardSchema);
