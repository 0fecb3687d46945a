import { z } from 'zod';
import type { InboundMessage } from '../../core/types.js';

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
  if (m.msgtype !== 'text' || !m.text) return { ok: false, ignore: true, reason: `${m.msgtype} message` };
  const chatType = m.conversationType === '2' ? 'group' : 'p2p';
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
      text: m.text.content.trim(),
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
