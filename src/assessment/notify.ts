import type { CommandContext } from '../core/context.js';
import type { Text } from '../i18n/text.js';
import { groupsOf } from '../reminders/reach.js';

/** Tells the bound groups of some grids (the bureau's, a street's) besides the reply; not the chat the command came from. */
export async function tellGroups(ctx: CommandContext, grids: string[], text: Text): Promise<void> {
  for (const list of (await groupsOf(grids)).values()) {
    for (const g of list) {
      if (g.platform === ctx.message.platform && g.chatId === ctx.message.chatId) continue;
      ctx.send({ to: { platform: g.platform, chatId: g.chatId }, text });
    }
  }
}
