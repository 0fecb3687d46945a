import { z } from 'zod';
import type { InboundMessage } from '../../core/types.js';
import { IMPORT_COMMAND } from '../../import/importCommand.js';
import type { SentCard } from '../../store/sentCards.js';

/** The `data` of a robot message frame (topic /v1.0/im/bot/messages/get); only what we use is checked. */
const robotMessage = z.object({
  msgId: z.string().min(1),
  conversationId: z.string().min(1),
  conversationType: z.enum(['1', '2']),
  conversationTitle: z.string().optional(),
  senderId: z.string().min(1),
  senderStaffId: z.string().optional(),
  senderNick: z.string().optional(),
  robotCode: z.string().optional(),
  msgtype: z.string(),
  text: z.object({ content: z.string() }).optional(),
  isInAtList: z.boolean().optional(),
  sessionWebhook: z.string().optional(),
  sessionWebhookExpiredTime: z.number().optional(),
  /** A file message's: exchanged for a download URL. */
  content: z.object({ downloadCode: z.string().min(1).max(2000), fileName: z.string().max(255).optional() }).optional(),
});

export type ParsedRobotMessage = { ok: true; message: InboundMessage } | { ok: false; ignore?: boolean; reason: string };


/**
 * A robot message as an inbound message. The sender is known by their staff id (the organisation's
 * userid, which the OpenAPI sends to) when DingTalk gives it, else by the app-scoped sender id.
 */
export function parseRobotMessage(data: string, ctx: { robotCode?: string; now: number }): ParsedRobotMessage {
  let raw: unknown;
  try {
    raw = JSON.parse(data);
  } catch {
    return { ok: false, reason: 'data is not JSON' };
  }
  const parsed = robotMessage.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: `missing or bad fields: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}` };
  const m = parsed.data;
  if (ctx.robotCode && m.robotCode && m.robotCode !== ctx.robotCode) return { ok: false, reason: 'message for another robot' };
  const chatType = m.conversationType === '2' ? 'group' : 'p2p';
  // A file sent one-to-one (the only chat a robot receives files in) is an import of that file.
  const file = m.msgtype === 'file' && chatType === 'p2p' ? m.content : undefined;
  if (!file && (m.msgtype !== 'text' || !m.text)) return { ok: false, ignore: true, reason: `${m.msgtype} message` };
  const senderId = m.senderStaffId || m.senderId;
  return {
    ok: true,
    message: {
      platform: 'dingtalk',
      eventId: m.msgId,
      chatId: m.conversationId,
      chatType,
      chatTitle: m.conversationTitle,
      senderId,
      senderName: m.senderNick,
      text: file ? IMPORT_COMMAND : m.text!.content.trim(),
      ...(file && { attachments: [{ kind: 'file', url: file.downloadCode, name: file.fileName }] }),
      // DingTalk delivers group messages only when they @ the robot.
      addressedToBot: chatType === 'p2p' || m.isInAtList !== false,
      receivedAt: ctx.now,
      replyHint: {
        sessionWebhook: m.sessionWebhook,
        sessionWebhookExpiresAt: m.sessionWebhookExpiredTime,
        chatType,
        userId: chatType === 'p2p' ? m.senderStaffId : undefined,
      },
    },
  };
}

/**
 * The `data` of a card callback frame (topic /v1.0/card/instances/callback): who pressed, on which
 * card (`outTrackId`, our `cardBizId`), and the pressed button's id inside `content` (a JSON string
 * `{cardPrivateData:{actionIds, params}}`).
 */
const cardCallback = z.object({
  type: z.string(),
  outTrackId: z.string().min(1).max(200),
  userId: z.string().min(1).max(200),
  content: z.string().max(10_000),
});
const cardContent = z.object({ cardPrivateData: z.object({ actionIds: z.array(z.string()).min(1) }) });

export interface CardPress {
  /** The frame's message id: a callback pushed again keeps it. */
  eventId: string;
  cardKey: string;
  actionId: string;
  userId: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; ignore?: boolean; reason: string };

export function parseCardCallback(data: string, eventId: string): Parsed<CardPress> {
  let raw: unknown;
  try {
    raw = JSON.parse(data);
  } catch {
    return { ok: false, reason: 'data is not JSON' };
  }
  const parsed = cardCallback.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: `missing or bad fields: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}` };
  if (parsed.data.type !== 'actionCallback') return { ok: false, ignore: true, reason: `${parsed.data.type} callback` };
  let content: unknown;
  try {
    content = JSON.parse(parsed.data.content);
  } catch {
    return { ok: false, reason: 'card content is not JSON' };
  }
  const action = cardContent.safeParse(content);
  if (!action.success) return { ok: false, reason: 'card callback without a pressed button' };
  return { ok: true, value: { eventId, cardKey: parsed.data.outTrackId, actionId: action.data.cardPrivateData.actionIds[0]!, userId: parsed.data.userId } };
}

/** A press of a recorded card's button as the presser sending its command in the card's chat. */
export function pressAsMessage(press: CardPress, card: SentCard, now: number): Parsed<InboundMessage> {
  const button = card.buttons[Number(/^b(\d)$/.exec(press.actionId)?.[1] ?? NaN)];
  if (!button?.command) return { ok: false, reason: 'no such button on the card' };
  const chatId = card.chatId ?? card.userId;
  if (!chatId) return { ok: false, reason: 'card without a chat' };
  const chatType = card.chatType === 'p2p' ? 'p2p' : 'group';
  return {
    ok: true,
    value: {
      platform: 'dingtalk',
      eventId: `card:${press.eventId}`,
      chatId,
      chatType,
      senderId: press.userId,
      text: button.command,
      addressedToBot: true,
      receivedAt: now,
      replyHint: { chatType, userId: press.userId },
      pressed: true,
    },
  };
}
