import { SentCardModel, type SentCard } from './models/sentCard.js';

export type { SentCard };

/** Records a card before it is sent (a press may come back before the send returns); a resend keeps it. */
export async function recordSentCard(card: Omit<SentCard, 'sentAt'>, at: Date): Promise<void> {
  const { _id, ...fields } = card;
  await SentCardModel.updateOne({ _id }, { $set: fields, $setOnInsert: { sentAt: at } }, { upsert: true });
}

export async function sentCard(key: string): Promise<SentCard | undefined> {
  return (await SentCardModel.findById(key).lean<SentCard>()) ?? undefined;
}

/** Every sent card that shows live counts of `subject` (a notice goes to many groups). */
export async function liveCardsOf(subject: string): Promise<SentCard[]> {
  return SentCardModel.find({ live: subject }).lean<SentCard[]>();
}

/** Lark answers a send with the message id that later updates go to. */
export async function setCardMessageId(key: string, messageId: string): Promise<void> {
  await SentCardModel.updateOne({ _id: key }, { $set: { messageId } });
}
