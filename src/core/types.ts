import type { Text } from '../i18n/text.js';

export type PlatformName = 'console' | 'lark' | 'dingtalk';

/** How a reply can reach back to the exact message (platform specific, all optional). */
export interface ReplyHint {
  /** Lark: the message id to reply to. */
  messageId?: string;
  /** DingTalk: the per-message webhook and its expiry (ms epoch). */
  sessionWebhook?: string;
  sessionWebhookExpiresAt?: number;
  /** The chat's kind, so a card button pressed in it runs as from that chat (Lark reports only its id). */
  chatType?: 'group' | 'p2p';
  /** DingTalk, one-to-one: the person, reachable through the OpenAPI once the session webhook lapsed. */
  userId?: string;
}

/** A chat message as every adapter hands it to the pipeline. */
export interface InboundMessage {
  platform: PlatformName;
  /** The platform's event or message id; the de-duplication key. */
  eventId: string;
  chatId: string;
  chatType: 'group' | 'p2p';
  chatTitle?: string;
  senderId: string;
  senderName?: string;
  text: string;
  /** True when the bot was @-mentioned (or the chat is one-to-one). */
  addressedToBot: boolean;
  receivedAt: number;
  replyHint?: ReplyHint;
  attachments?: Array<{ kind: string; url: string; name?: string }>;
  /** A card button press: the answer goes to the presser privately, not as a group message per press. */
  pressed?: boolean;
}

/** A button that, when pressed, runs a command as the presser (typed commands always work too). */
export interface CardButton {
  label: string;
  command: string;
}

export interface OutboundMessage {
  platform: PlatformName;
  /** Target group; omitted for a private message. */
  chatId?: string;
  /** Target person for a private message (platform user id). */
  userId?: string;
  /** The kind of chat `chatId` is; without it, a group (what phones are masked in). */
  chatType?: 'group' | 'p2p';
  text: string;
  title?: string;
  buttons?: CardButton[];
  /** Platform user ids to @-mention. */
  mentions?: string[];
  replyHint?: ReplyHint;
  /** A card that shows live counts of this subject ("activity:A-0001"), recorded when sent so it can be updated. */
  live?: string;
  /** Not a new message: the new content of the sent card with this key (`sentCards`). */
  updates?: string;
  /** A file message: the file waits in the file stash under `key` (`outbound/fileStash.ts`). */
  file?: OutboundFile;
}

export interface OutboundFile {
  key: string;
  name: string;
  size: number;
}

/** What a command asks the pipeline to send: to the same chat by default. */
export interface Outgoing {
  text: Text | string;
  title?: Text | string;
  buttons?: Array<{ label: Text | string; command: string }>;
  mentions?: string[];
  /** See `OutboundMessage.live`. */
  live?: string;
  file?: OutboundFile;
  /** Another chat (same platform unless given). */
  to?: { platform?: PlatformName; chatId?: string; userId?: string };
}
