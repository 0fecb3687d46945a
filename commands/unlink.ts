import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { userIdOn } from '../src/identity/confirmers.js';
import { IDENTITY } from '../src/identity/texts.js';
import { bi } from '../src/i18n/text.js';
import type { PlatformName } from '../src/core/types.js';
import { matching, onePerson } from '../src/core/personChoice.js';
import { gridPeople, unlinkAccounts } from '../src/store/directory.js';

export default defineCommand({
  name: 'unlink',
  zh: ['解绑'],
  params: ['person'],
  args: z.object({ person: z.string().trim().min(1).max(20) }),
  allow: 'leader',
  needsGrid: true,
  changesState: true,
  help: bi('网格长：解除本网格某人的聊天账号关联（账号被冒用或更换时）', "Leaders: unlink a person's chat accounts (taken over, or changed)"),
  usage: bi('姓名或手机号', 'NAME_OR_PHONE'),
  async run(ctx, { person: typed }) {
    const person = onePerson(matching(await gridPeople(ctx.grid!.code), typed), typed, IDENTITY.notInGrid(typed));
    const removed = await unlinkAccounts(person._id, () => true);
    if (!removed.length) {
      ctx.nothingChanged = true;
      return IDENTITY.nothingToUnlink(person.name);
    }
    for (const account of removed) {
      const platform = account.slice(0, account.indexOf(':')) as PlatformName;
      const userId = userIdOn({ identities: [account] }, platform);
      ctx.send({ to: { platform, userId }, text: IDENTITY.toUnlinked(ctx.member!.name) });
    }
    ctx.auditDetail = `unlinked ${removed.join(', ')} from member ${person._id}`;
    return IDENTITY.unlinked(person.name, removed.length);
  },
});
