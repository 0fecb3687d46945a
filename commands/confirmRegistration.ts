import { z } from 'zod';
import { registrationNumberArg } from '../src/core/argTypes.js';
import { defineCommand } from '../src/core/command.js';
import type { PlatformName } from '../src/core/types.js';
import { takeRegistration } from '../src/identity/decide.js';
import { IDENTITY } from '../src/identity/texts.js';
import { bi } from '../src/i18n/text.js';
import { linkAccount, membersById } from '../src/store/directory.js';

export default defineCommand({
  name: 'confirmreg',
  zh: ['确认登记'],
  params: ['number'],
  args: z.object({ number: registrationNumberArg }),
  allow: 'registered',
  changesState: true,
  help: bi('网格长：确认一个聊天账号是本人（登记卡片上的按钮）', 'Leaders: confirm a chat account is the person (the registration card\'s button)'),
  usage: bi('R-0001', 'R-0001'),
  async run(ctx, { number }) {
    const registration = await takeRegistration(ctx, number);
    const [person] = await membersById([registration.member]);
    const name = person?.name ?? '';
    const linked = person ? await linkAccount(person._id, registration.account) : 'taken';
    const to = { platform: registration.platform as PlatformName, userId: registration.userId };
    if (linked === 'taken') {
      ctx.auditDetail = `confirmed ${number}, not linked: member ${registration.member} has another account`;
      ctx.send({ to, text: IDENTITY.taken });
      return IDENTITY.confirmedTaken(name, number);
    }
    ctx.auditDetail = `confirmed ${number}: linked ${registration.account} to member ${registration.member}`;
    ctx.send({ to, text: IDENTITY.toApplicantConfirmed(name, ctx.member!.name) });
    return IDENTITY.confirmed(name, number);
  },
});
