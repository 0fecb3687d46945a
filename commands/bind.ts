import { z } from 'zod';
import { adminStreets } from '../src/core/access.js';
import { gridCodeArg } from '../src/core/argTypes.js';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { bi } from '../src/i18n/text.js';
import { bindingKey, ChatBindingModel } from '../src/store/models/chatBinding.js';
import { GridModel } from '../src/store/models/grid.js';

export default defineCommand({
  name: 'bind',
  zh: ['绑定'],
  params: ['code'],
  args: z.object({ code: gridCodeArg }),
  allow: 'streetAdmin',
  changesState: true,
  help: bi('把本群绑定到一个网格', 'Bind this group to a grid'),
  usage: bi('网格编号', 'GRIDCODE'),
  async run(ctx, { code }) {
    const { message } = ctx;
    if (message.chatType !== 'group') throw new UserError(bi('请在要绑定的群里发送 /绑定。', 'Send /bind in the group you want to bind.'));
    const grid = await GridModel.findOne({ code }).lean();
    if (!grid) throw new UserError(bi(`没有编号为 ${code} 的网格，请核对。`, `No grid has the code ${code}; please check it.`));
    if (ctx.role !== 'bureauAdmin') {
      const streets = await adminStreets(ctx.member!);
      if (!grid.street || !streets.includes(grid.street)) {
        throw new UserError(bi('您只能绑定本街道的网格。', 'You may only bind grids of your own street.'));
      }
    }
    await ChatBindingModel.updateOne(
      { _id: bindingKey(message.platform, message.chatId) },
      {
        $set: { grid: code, title: message.chatTitle, boundBy: ctx.member!._id.toString() },
        $setOnInsert: { platform: message.platform, chatId: message.chatId },
      },
      { upsert: true },
    );
    ctx.auditDetail = `bound ${message.platform}:${message.chatId} to ${code}`;
    return bi(`本群已绑定到网格「${grid.name}」（${code}）。`, `This group is now bound to the grid "${grid.name}" (${code}).`);
  },
});
