import type { OutboundMessage } from '../../core/types.js';
import type { CardValue } from './larkEvents.js';

export interface LarkContent {
  msg_type: 'text' | 'interactive' | 'file';
  /** Always a JSON string, as the IM API wants it. */
  content: string;
}

const mentionTags = (ids: string[] | undefined) => (ids ?? []).map((id) => `<at user_id="${id}"></at>`).join(' ');

/**
 * Plain text for a plain message; an interactive card (v1 layout: header, markdown body, one row of
 * buttons) when there is a title or buttons. A button's value names its command and the kind of
 * chat, which Lark's card callback does not report.
 */
export function renderLark(msg: OutboundMessage): LarkContent {
  const mentions = mentionTags(msg.mentions);
  if (!msg.title && !msg.buttons?.length) {
    return { msg_type: 'text', content: JSON.stringify({ text: mentions ? `${msg.text} ${mentions}` : msg.text }) };
  }
  const chatType = msg.replyHint?.chatType ?? (msg.chatId ? 'group' : 'p2p');
  const elements: unknown[] = [{ tag: 'div', text: { tag: 'lark_md', content: mentions ? `${msg.text}\n${mentions}` : msg.text } }];
  if (msg.buttons?.length) {
    elements.push({
      tag: 'action',
      actions: msg.buttons.map((b, i) => ({
        tag: 'button',
        text: { tag: 'plain_text', content: b.label },
        type: i === 0 ? 'primary' : 'default',
        value: { command: b.command, chat_type: chatType } satisfies CardValue,
      })),
    });
  }
  const card = {
    // Shared by everyone who sees it, so an update (live counts) shows to all.
    config: { wide_screen_mode: true, update_multi: true },
    ...(msg.title ? { header: { title: { tag: 'plain_text', content: msg.title }, template: 'blue' } } : {}),
    elements,
  };
  return { msg_type: 'interactive', content: JSON.stringify(card) };
}
