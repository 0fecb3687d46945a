import { z } from 'zod';
import { registrationNumberArg } from '../src/core/argTypes.js';
import { defineCommand } from '../src/core/command.js';
import type { PlatformName } from '../src/core/types.js';
import { takeRegistration } from '../src/identity/decide.js';
import { IDENTITY } from '../src/identity/texts.js';
import { bi } from '../src/i18n/text.js';
import { membersById } from '../src/store/directory.js';

export default defineCommand({
  name: 'refusereg',
  zh: ['拒绝登记'],
  params: ['number'],
  args: z.object({ number: registrationNumberArg }),
  allow: 'registered',
  changesState: true,
  help: bi('网格长：拒绝一个冒用姓名和手机号的登记（登记卡片上的按钮）', 'Leaders: refuse a registration that is not the person (the card\'s button)'),
  usage: bi('R-0001', 'R-0001'),
  async run(ctx, { number }) {
    const registration = await takeRegistration(ctx, number);
    const [person] = await membersById([registration.member]);
    ctx.auditDetail = `refused ${number}: ${registration.account} claimed member ${registration.member}`;
    const to = { platform: registration.platform as PlatformName, userId: registration.userId };
    ctx.send({ to, text: IDENTITY.toApplicantRefused(ctx.member!.name) });
    return IDENTITY.refused(person?.name ?? '', number);
  },
});
