import { z } from 'zod';
import { nameArg, phoneArg } from '../src/core/argTypes.js';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { bi } from '../src/i18n/text.js';
import { linkIdentities } from '../src/store/identities.js';
import { identityKey, MemberModel } from '../src/store/models/member.js';

export default defineCommand({
  name: 'register',
  zh: ['登记'],
  params: ['name', 'phone'],
  args: z.object({ name: nameArg, phone: phoneArg }),
  allow: 'anyone',
  changesState: true,
  help: bi('用姓名和手机号关联您的通讯录信息', 'Link your chat account to your directory entry'),
  usage: bi('姓名 手机号', 'NAME PHONE'),
  async run(ctx, { name, phone }) {
    const { platform, senderId } = ctx.message;
    if (ctx.member) {
      if (ctx.member.phone === phone) return bi(`您已登记为 ${ctx.member.name}。`, `You are already registered as ${ctx.member.name}.`);
      throw new UserError(bi(`本账号已登记为 ${ctx.member.name}，不能再登记为他人。`, `This account is already registered as ${ctx.member.name}.`));
    }
    const entry = await MemberModel.findOne({ phone }).lean();
    if (!entry || entry.name !== name) {
      throw new UserError(bi('通讯录里没有这个姓名和手机号，请核对，或请网格长把您加入通讯录。',
        'No directory entry has this name and phone. Check them, or ask your grid leader to add you.'));
    }
    const key = identityKey(platform, senderId);
    // Already linked by a run of this command that stopped before writing the lookup entry.
    const resumed = entry.identities.includes(key);
    const taken = !resumed && entry.identities.some((i) => i.startsWith(`${platform}:`));
    // Matching the identities as read makes check-and-link one atomic write: of two racing accounts, one wins.
    const linked = resumed
      ? { modifiedCount: 1 }
      : taken
        ? { modifiedCount: 0 }
        : await MemberModel.updateOne({ _id: entry._id, identities: entry.identities }, { $push: { identities: key } });
    if (linked.modifiedCount === 0) {
      throw new UserError(bi('这个手机号已由另一个账号登记。如需更换，请联系网格长。',
        'This phone is already registered by another account. Ask your grid leader to change it.'));
    }
    await linkIdentities([{ _id: entry._id, identities: [key] }]);
    ctx.auditDetail = `linked ${platform}:${senderId} to member ${entry._id}`;
    return bi(`登记成功，${entry.name}。发送 /帮助 查看您可用的命令。`, `Registered, ${entry.name}. Send /help to see your commands.`);
  },
});
