import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { ConsoleSignIn } from '../src/web/signIn.js';
import { CONSOLE_TEXTS as T } from '../src/web/texts.js';
import { mayConsole } from '../src/web/viewer.js';

export default defineCommand({
  name: 'console',
  zh: ['后台'],
  params: ['action'],
  args: z.object({ action: z.enum(['退出', 'logout']).optional() }),
  allow: 'registered',
  help: T.help,
  usage: T.usage,
  async run(ctx, { action }) {
    const { redis, queuePrefix, config } = ctx.services;
    const signIn = new ConsoleSignIn(redis, queuePrefix);
    const visitor = { platform: ctx.message.platform, userId: ctx.message.senderId };
    if (action) return T.loggedOut(await signIn.endAll(visitor));
    if (!(await mayConsole(visitor))) return T.notForYou;
    const base = config.WEB_PUBLIC_URL ?? (await signIn.announcedUrl());
    if (!base) return T.notRunning;
    const token = await signIn.issueLink(visitor);
    if (!token) return T.tooMany;
    const link = { text: T.link(`${base.replace(/\/$/, '')}/login/${token}`), to: { userId: visitor.userId } };
    return ctx.message.chatType === 'p2p' ? link : [link, { text: T.sentPrivately }];
  },
});
