import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { IDENTITY } from '../src/identity/texts.js';
import { bi } from '../src/i18n/text.js';
import { identityKey, unlinkAccounts } from '../src/store/directory.js';

export default defineCommand({
  name: 'unregister',
  zh: ['注销'],
  params: ['confirm'],
  // Said twice, so that a stray tap does not cut the account off.
  args: z.object({ confirm: z.enum(['确认', 'confirm']).optional() }),
  allow: 'registered',
  changesState: true,
  help: bi('解除本聊天账号与您通讯录信息的关联', 'Unlink this chat account from your directory entry'),
  usage: bi('确认', 'confirm'),
  async run(ctx, { confirm }) {
    const member = ctx.member!;
    if (!confirm) {
      ctx.nothingChanged = true;
      return IDENTITY.unregisterFirst(member.name);
    }
    const account = identityKey(ctx.message.platform, ctx.message.senderId);
    await unlinkAccounts(member._id, (a) => a === account);
    ctx.auditDetail = `unlinked ${account} from member ${member._id} at their request`;
    return IDENTITY.unregistered(member.name);
  },
});
