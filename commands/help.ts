import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { usageOf } from '../src/core/dispatch.js';
import { atLeast } from '../src/core/roles.js';
import { bi } from '../src/i18n/text.js';

export default defineCommand({
  name: 'help',
  zh: ['帮助'],
  params: ['command'],
  args: z.object({ command: z.string().max(40).optional() }),
  allow: 'anyone',
  help: bi('查看可用命令', 'List the commands you can use'),
  usage: bi('[命令]', '[COMMAND]'),
  async run(ctx, { command }) {
    const { router } = ctx;
    if (command) {
      const found = router.resolve(command.replace(/^[/／]/, ''));
      if (!found) return bi(`没有 /${command} 这个命令。`, `There is no /${command} command.`);
      const usage = usageOf(found.command);
      return bi(`${usage['zh-CN']}\n${found.command.help['zh-CN']}`, `${usage.en}\n${found.command.help.en}`);
    }
    const mine = router.commands.filter((c) => atLeast(ctx.role, c.allow));
    const zh = mine.map((c) => `${usageOf(c)['zh-CN']}  ${c.help['zh-CN']}`);
    const en = mine.map((c) => `${usageOf(c).en}  ${c.help.en}`);
    return bi(`可用命令：\n${zh.join('\n')}`, `Commands you can use:\n${en.join('\n')}`);
  },
});
