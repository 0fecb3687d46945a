import type { App } from '../app.js';
import { eventKeyOf } from '../core/dispatch.js';
import type { OutboundMessage, PlatformName } from '../core/types.js';
import { bi, pick, type Lang } from '../i18n/text.js';

/** What the bot says when it is added to a group: how to bind it and how to register. */
export const WELCOME = {
  title: bi('统计网格助手', 'StatGrid Bot'),
  text: bi(
    '大家好，我是统计网格助手。\n街道或区统计局管理员：发送 /绑定 网格编号，把本群绑定到网格。\n其他成员：请私聊我发送 /登记 完成登记（手机号不要发在群里）。\n发送 /帮助 查看可用命令。',
    'Hello, I am StatGrid Bot.\nStreet or bureau admins: send /bind GRIDCODE to bind this group to a grid.\nEveryone else: register with /register in a private chat with me (never post your phone in a group).\nSend /help for the commands.',
  ),
};

export function welcomeFor(platform: PlatformName, chatId: string, lang: Lang): OutboundMessage {
  return { platform, chatId, title: pick(WELCOME.title, lang), text: pick(WELCOME.text, lang), buttons: [{ label: pick(bi('帮助', 'Help'), lang), command: lang === 'en' ? '/help' : '/帮助' }] };
}

/**
 * An event whose whole effect is messages to send (a welcome): queued once however often the
 * platform delivers it. The outbound job ids derive from the event, so a retry after a crash
 * between queueing and recording adds nothing.
 */
export async function sendOnce(app: App, platform: PlatformName, eventId: string, messages: OutboundMessage[]): Promise<'accepted' | 'duplicate'> {
  const key = eventKeyOf({ platform, eventId });
  if (await app.events.isDone(key)) return 'duplicate';
  await app.outbox.enqueue(messages, key);
  await app.events.markDone(key);
  return 'accepted';
}
