import { z } from 'zod';
import { nameArg, phoneArg } from '../src/core/argTypes.js';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { bi } from '../src/i18n/text.js';
import { linkAccount, memberByPhone } from '../src/store/directory.js';

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
    const entry = await memberByPhone(phone);
    if (!entry || entry.name !== name) {
      throw new UserError(bi('通讯录里没有这个姓名和手机号，请核对，或请网格长把您加入通讯录。',
        'No directory entry has this name and phone. Check them, or ask your grid leader to add you.'));
    }
    if (!(await linkAccount(entry, platform, senderId))) {
      throw new UserError(bi('这个手机号已由另一个账号登记。如需更换，请联系网格长。',
        'This phone is already registered by another account. Ask your grid leader to change it.'));
    }
    ctx.auditDetail = `linked ${platform}:${senderId} to member ${entry._id}`;
    return bi(`登记成功，${entry.name}。发送 /帮助 查看您可用的命令。`, `Registered, ${entry.name}. Send /help to see your commands.`);
  },
});
