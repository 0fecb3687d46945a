import type { OutboundMessage } from '../core/types.js';
import { withoutControls } from '../domain/chatText.js';
import { maskPhonesIn } from '../domain/phone.js';

/** A message to a chat id goes to a group unless it says the chat is one-to-one. */
export const toGroup = (m: OutboundMessage) => m.chatId !== undefined && (m.chatType ?? m.replyHint?.chatType) !== 'p2p';

/**
 * The last word on what a message shows, whoever wrote it (a reply, a notice, a reminder): no
 * control or direction characters anyone typed, and in a group no full mobile number, for any role.
 */
export function fitForChat(m: OutboundMessage): OutboundMessage {
  const group = toGroup(m);
  const show = (text: string) => (group ? maskPhonesIn(withoutControls(text)) : withoutControls(text));
  return {
    ...m,
    text: show(m.text),
    ...(m.title !== undefined && { title: show(m.title) }),
    ...(m.buttons && { buttons: m.buttons.map((b) => ({ ...b, label: show(b.label) })) }),
  };
}
