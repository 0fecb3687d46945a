import type { OutboundMessage } from '../../core/types.js';

/** A button link the DingTalk client turns into the user sending `command` in the chat. */
export const commandLink = (command: string) => `dtmd://dingtalkclient/sendMessage?content=${encodeURIComponent(command)}`;

/** DingTalk's ActionCard templates take at most five buttons. */
const MAX_BUTTONS = 5;

const cardText = (msg: OutboundMessage) => (msg.title ? `### ${msg.title}\n\n${msg.text}` : msg.text);

/** The body for a message's sessionWebhook: text, markdown (a title) or ActionCard (buttons). */
export function webhookBody(msg: OutboundMessage): Record<string, unknown> {
  const buttons = (msg.buttons ?? []).slice(0, MAX_BUTTONS);
  if (buttons.length) {
    return {
      msgtype: 'actionCard',
      actionCard: { title: msg.title ?? msg.text.slice(0, 20), text: cardText(msg), btnOrientation: '0', btns: buttons.map((b) => ({ title: b.label, actionURL: commandLink(b.command) })) },
    };
  }
  if (msg.title) return { msgtype: 'markdown', markdown: { title: msg.title, text: cardText(msg) } };
  const mentions = msg.mentions ?? [];
  return {
    msgtype: 'text',
    text: { content: mentions.length ? `${msg.text} ${mentions.map((id) => `@${id}`).join(' ')}` : msg.text },
    ...(mentions.length ? { at: { atUserIds: mentions, isAtAll: false } } : {}),
  };
}

/** The OpenAPI template (`msgKey`) and its parameters (a JSON string) for the same message. */
export function apiTemplate(msg: OutboundMessage): { msgKey: string; msgParam: string } {
  const buttons = (msg.buttons ?? []).slice(0, MAX_BUTTONS);
  const title = msg.title ?? msg.text.slice(0, 20);
  if (buttons.length === 1) {
    return { msgKey: 'sampleActionCard', msgParam: JSON.stringify({ title, text: cardText(msg), singleTitle: buttons[0]!.label, singleURL: commandLink(buttons[0]!.command) }) };
  }
  if (buttons.length > 1) {
    const param: Record<string, string> = { title, text: cardText(msg) };
    buttons.forEach((b, i) => {
      param[`actionTitle${i + 1}`] = b.label;
      param[`actionURL${i + 1}`] = commandLink(b.command);
    });
    return { msgKey: `sampleActionCard${buttons.length}`, msgParam: JSON.stringify(param) };
  }
  if (msg.title) return { msgKey: 'sampleMarkdown', msgParam: JSON.stringify({ title, text: cardText(msg) }) };
  return { msgKey: 'sampleText', msgParam: JSON.stringify({ content: msg.text }) };
}

/** The id of a card's n-th button: a press comes back with it, and the card's record names its command. */
export const buttonId = (n: number) => `b${n}`;

/**
 * The card data of DingTalk's built-in standard card template (`StandardCard`): a header, the text
 * as markdown, and "request" buttons, whose presses come back to the robot over the stream.
 */
export function standardCard(msg: Pick<OutboundMessage, 'title' | 'text' | 'buttons'>): Record<string, unknown> {
  const buttons = (msg.buttons ?? []).slice(0, MAX_BUTTONS);
  const contents: unknown[] = [{ type: 'markdown', text: msg.text, id: 'text' }];
  if (buttons.length) {
    contents.push({
      type: 'action',
      id: 'actions',
      actions: buttons.map((b, i) => ({
        type: 'button', id: buttonId(i), actionType: 'request', status: i === 0 ? 'primary' : 'normal', label: { type: 'text', text: b.label, id: `label${i}` },
      })),
    });
  }
  return {
    config: { autoLayout: true, enableForward: false },
    header: { title: { type: 'text', text: msg.title ?? msg.text.slice(0, 20) } },
    contents,
  };
}
