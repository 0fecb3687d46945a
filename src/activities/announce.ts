import type { CommandContext } from '../core/context.js';
import type { Outgoing, PlatformName } from '../core/types.js';
import type { Text } from '../i18n/text.js';
import type { ActivityRecord } from '../store/models/activity.js';

/** The reply, and the same to the group the activity was announced in when that is another chat. */
export function toActivityGroupToo(ctx: CommandContext, a: ActivityRecord, text: Text): Outgoing {
  if (a.platform !== ctx.message.platform || a.chatId !== ctx.message.chatId) {
    ctx.send({ text, to: { platform: a.platform as PlatformName, chatId: a.chatId } });
  }
  return { text };
}
