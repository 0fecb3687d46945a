import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import type { CommandSpec } from '../src/core/command.js';
import { usageOf } from '../src/core/dispatch.js';
import { atLeast } from '../src/core/roles.js';
import { HELP_TOPICS, type HelpTopic } from '../src/help/topics.js';
import { bi, lines, type Text } from '../src/i18n/text.js';

const OTHER = bi('其他', 'Other');

/** A topic's commands this person may use, as "/签到 例：/签到 A-0012  help". */
function topicLines(topic: HelpTopic, mine: Map<string, CommandSpec>): Text | undefined {
  const rows = topic.commands.filter(([name]) => mine.has(name)).map(([name, example]) => {
    const c = mine.get(name)!;
    return bi(`/${c.zh[0]}  ${c.help['zh-CN']}\n  例：${example}`, `/${c.name}  ${c.help.en}\n  e.g. ${example}`);
  });
  return rows.length ? lines(bi(`【${topic.name['zh-CN']}】`, `[${topic.name.en}]`), ...rows) : undefined;
}

export default defineCommand({
  name: 'help',
  zh: ['帮助'],
  params: ['command'],
  args: z.object({ command: z.string().max(40).optional() }),
  allow: 'anyone',
  help: bi('查看可用命令（可按主题：/帮助 活动）', 'List the commands you can use (or a topic: /help activities)'),
  usage: bi('[命令或主题]', '[COMMAND or TOPIC]'),
  async run(ctx, { command }) {
    const { router } = ctx;
    const mine = new Map(router.commands.filter((c) => atLeast(ctx.role, c.allow)).map((c) => [c.name, c]));
    const listed = new Set(HELP_TOPICS.flatMap((t) => t.commands.map(([name]) => name)));
    const other: HelpTopic = { name: OTHER, commands: [...mine.keys()].filter((n) => !listed.has(n)).map((n) => [n, `/${mine.get(n)!.zh[0]}`]) };
    const topics = [...HELP_TOPICS, other];
    if (command) {
      const typed = command.replace(/^[/／]/, '');
      // A topic first: 活动 and 通知 are commands too, and the topic shows them with their neighbours.
      const topic = topics.find((t) => t.name['zh-CN'].includes(typed) || t.name.en.toLowerCase().includes(typed.toLowerCase()));
      const shown = topic && topicLines(topic, mine);
      if (shown) return shown;
      const found = router.resolve(typed);
      if (found) {
        const usage = usageOf(found.command);
        return bi(`${usage['zh-CN']}\n${found.command.help['zh-CN']}`, `${usage.en}\n${found.command.help.en}`);
      }
      const names = topics.map((t) => t.name['zh-CN']).join('、');
      return bi(`没有 /${typed} 这个命令或主题。主题：${names}。`, `There is no /${typed} command or topic. Topics: ${topics.map((t) => t.name.en).join(', ')}.`);
    }
    const shown = topics.map((t) => topicLines(t, mine)).filter((t): t is Text => Boolean(t));
    return lines(bi('您在这里可用的命令（/帮助 主题 只看一类，例如 /帮助 活动）：', 'Commands you can use here (/help TOPIC for one group):'), ...shown);
  },
});
