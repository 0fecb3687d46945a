import { randomUUID } from 'node:crypto';
import type { App } from '../app.js';
import { eventKeyOf } from '../core/dispatch.js';
import type { Viewer } from './viewer.js';

/**
 * Runs a command for the viewer exactly as if they had typed it to the bot in a private chat: the
 * same router, permission check, domain functions and audit, and the bot's reply (and whoever else it
 * tells, such as a problem's asker) goes out through the outbound queue. Waits until it was handled.
 */
export async function runAsViewer(app: Pick<App, 'inbox' | 'events'>, v: Viewer, line: string, timeoutMs = 15_000): Promise<boolean> {
  const msg = {
    platform: v.visitor.platform,
    eventId: `web-${randomUUID()}`,
    chatId: v.visitor.userId,
    chatType: 'p2p' as const,
    senderId: v.visitor.userId,
    senderName: v.member.name,
    text: line,
    addressedToBot: true,
    receivedAt: Date.now(),
  };
  await app.inbox.accept(msg);
  const key = eventKeyOf(msg);
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    if (await app.events.isDone(key)) return true;
  }
  return false;
}

/** One line of typed text as a command argument: no line breaks, no quote that would open an argument. */
export const asArgument = (text: string) => text.replace(/\s+/g, ' ').replace(/"/g, '”').trim();
