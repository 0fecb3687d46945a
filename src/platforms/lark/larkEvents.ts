import { z } from 'zod';
import type { InboundMessage } from '../../core/types.js';
import { IMPORT_COMMAND } from '../../import/importCommand.js';

/**
 * Lark events as the SDK's dispatcher hands them over: schema 2.0, header fields and event fields
 * flattened into one object. Only what we use is checked; anything else may vary.
 */
const header = { event_id: z.string().min(1), app_id: z.string().optional() };
const userIds = z.object({ open_id: z.string().min(1) });

const messageEvent = z.object({
  ...header,
  sender: z.object({ sender_id: userIds, sender_type: z.string() }),
  message: z.object({
    message_id: z.string().min(1),
    chat_id: z.string().min(1),
    chat_type: z.string(),
    message_type: z.string(),
    content: z.string(),
    mentions: z.array(z.object({ key: z.string(), id: z.object({ open_id: z.string().optional() }), name: z.string().optional() })).optional(),
  }),
});

const botAddedEvent = z.object({ ...header, chat_id: z.string().min(1), name: z.string().optional() });

const cardActionEvent = z.object({
  ...header,
  operator: userIds,
  action: z.object({ value: z.unknown() }),
  context: z.object({ open_chat_id: z.string().min(1), open_message_id: z.string().optional() }).optional(),
  open_chat_id: z.string().optional(),
});

/** What a card button carries: the command to run, and the kind of chat the card was sent to. */
export const cardValue = z.object({ command: z.string().min(1).max(500), chat_type: z.enum(['group', 'p2p']).optional() });
export type CardValue = z.infer<typeof cardValue>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; ignore?: boolean; reason: string };

export interface LarkContext {
  appId: string;
  /** The bot's own open_id, to tell an @-mention of the bot from one of a person. */
  botOpenId?: string;
  now: number;
}

function check<T>(schema: z.ZodType<T>, data: unknown, ctx: LarkContext): Parsed<T> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) return { ok: false, reason: `missing or bad fields: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}` };
  const appId = (parsed.data as { app_id?: string }).app_id;
  if (appId !== undefined && appId !== ctx.appId) return { ok: false, reason: 'event for another app' };
  return { ok: true, value: parsed.data };
}

/** A text message (group or one-to-one) as an inbound message; other kinds are ignored. */
export function parseMessageEvent(data: unknown, ctx: LarkContext): Parsed<InboundMessage> {
  const checked = check(messageEvent, data, ctx);
  if (!checked.ok) return checked;
  const { event_id, sender, message } = checked.value;
  if (sender.sender_type !== 'user') return { ok: false, ignore: true, reason: `sender is a ${sender.sender_type}` };
  if (message.message_type === 'file' && message.chat_type === 'p2p') return fileMessage(event_id, sender.sender_id.open_id, message);
  if (message.message_type !== 'text') return { ok: false, ignore: true, reason: `${message.message_type} message` };
  let text: unknown;
  try {
    text = (JSON.parse(message.content) as { text?: unknown }).text;
  } catch {
    return { ok: false, reason: 'message content is not JSON' };
  }
  if (typeof text !== 'string') return { ok: false, reason: 'message content has no text' };
  const chatType = message.chat_type === 'p2p' ? 'p2p' : 'group';
  let mentionsBot = false;
  // "@_user_1" placeholders: the bot's is dropped, a person's becomes "@name".
  for (const m of message.mentions ?? []) {
    const isBot = ctx.botOpenId ? m.id.open_id === ctx.botOpenId : true;
    mentionsBot ||= isBot;
    text = (text as string).split(m.key).join(isBot ? '' : `@${m.name ?? ''}`);
  }
  return {
    ok: true,
    value: {
      platform: 'lark',
      eventId: event_id,
      chatId: message.chat_id,
      chatType,
      senderId: sender.sender_id.open_id,
      text: (text as string).replace(/@_all/g, '@所有人').trim(),
      addressedToBot: chatType === 'p2p' || mentionsBot,
      receivedAt: ctx.now,
      replyHint: { messageId: message.message_id, chatType },
    },
  };
}

const fileContent = z.object({ file_key: z.string().min(1).max(200).regex(/^[\w-]+$/), file_name: z.string().max(255) });

/**
 * A file sent to the bot one-to-one: an import (`/导入`) of that file. The file is named by its
 * message and key, which the message resource API downloads.
 */
function fileMessage(eventId: string, senderId: string, message: { message_id: string; chat_id: string; content: string }): Parsed<InboundMessage> {
  let content: unknown;
  try {
    content = JSON.parse(message.content);
  } catch {
    return { ok: false, reason: 'message content is not JSON' };
  }
  const file = fileContent.safeParse(content);
  if (!file.success) return { ok: false, reason: 'file message without a file key' };
  return {
    ok: true,
    value: {
      platform: 'lark', eventId, chatId: message.chat_id, chatType: 'p2p', senderId, text: IMPORT_COMMAND, addressedToBot: true, receivedAt: Date.now(),
      replyHint: { messageId: message.message_id, chatType: 'p2p' },
      attachments: [{ kind: 'file', url: `${message.message_id}/${file.data.file_key}`, name: file.data.file_name }],
    },
  };
}

/** A card button press (`card.action.trigger`): the presser runs the button's command in that chat. */
export function parseCardAction(data: unknown, ctx: LarkContext): Parsed<InboundMessage> {
  const checked = check(cardActionEvent, data, ctx);
  if (!checked.ok) return checked;
  const { event_id, operator, action, context, open_chat_id } = checked.value;
  const chatId = context?.open_chat_id ?? open_chat_id;
  if (!chatId) return { ok: false, reason: 'card action without a chat' };
  let raw = action.value;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch {
      return { ok: false, reason: 'card value is not JSON' };
    }
  }
  const value = cardValue.safeParse(raw);
  if (!value.success) return { ok: false, reason: 'card value has no command' };
  const chatType = value.data.chat_type ?? 'group';
  return {
    ok: true,
    value: {
      platform: 'lark',
      eventId: event_id,
      chatId,
      chatType,
      senderId: operator.open_id,
      text: value.data.command,
      addressedToBot: true,
      receivedAt: ctx.now,
      replyHint: { chatType },
      pressed: true,
    },
  };
}

export function parseBotAdded(data: unknown, ctx: LarkContext): Parsed<{ eventId: string; chatId: string }> {
  const checked = check(botAddedEvent, data, ctx);
  return checked.ok ? { ok: true, value: { eventId: checked.value.event_id, chatId: checked.value.chat_id } } : checked;
}
