import { z } from 'zod';
import { nameArg, phoneArg } from '../src/core/argTypes.js';
import { defineCommand } from '../src/core/command.js';
import type { CommandContext, MemberRecord } from '../src/core/context.js';
import { UserError } from '../src/core/errors.js';
import { phoneTail } from '../src/domain/phone.js';
import { confirmersOf, userIdOn } from '../src/identity/confirmers.js';
import { IDENTITY } from '../src/identity/texts.js';
import { bi, lines, type Text } from '../src/i18n/text.js';
import { identityKey, linkAccount, memberByPhone } from '../src/store/directory.js';
import { openRegistration } from '../src/store/registrations.js';

/** The first reply: the outcome, what is kept and why, and in a group, to use a private chat. */
const firstReply = (ctx: CommandContext, outcome: Text) =>
  lines(outcome, IDENTITY.whatWeKeep, ...(ctx.message.chatType === 'group' ? [IDENTITY.privateNextTime] : []));

/**
 * Cards to the person's leaders on this platform (once a claim: sending /登记 again asks no one
 * twice); returns the names of those it reaches.
 */
function askConfirmers(
  ctx: CommandContext,
  person: MemberRecord,
  confirmers: MemberRecord[],
  number: string,
  send: boolean,
): string[] {
  const { platform, senderName } = ctx.message;
  const reached: string[] = [];
  for (const c of confirmers) {
    const userId = userIdOn(c, platform);
    if (!userId) continue;
    reached.push(c.name);
    if (send) ctx.send({
      to: { userId },
      title: IDENTITY.cardTitle,
      text: IDENTITY.card(person.name, phoneTail(person.phone), senderName ?? '', number),
      buttons: [
        { label: IDENTITY.confirm, command: `/确认登记 ${number}` },
        { label: IDENTITY.refuse, command: `/拒绝登记 ${number}` },
      ],
    });
  }
  return reached;
}

export default defineCommand({
  name: 'register',
  zh: ['登记'],
  params: ['name', 'phone'],
  args: z.object({ name: nameArg, phone: phoneArg }),
  allow: 'anyone',
  changesState: true,
  help: bi('私聊我，用姓名和手机号申请关联您的通讯录信息', 'In a private chat: ask to link your chat account to your directory entry'),
  usage: bi('姓名 手机号', 'NAME PHONE'),
  async run(ctx, { name, phone }) {
    const { platform, senderId } = ctx.message;
    if (ctx.member) {
      if (ctx.member.phone === phone) {
        ctx.nothingChanged = true;
        return IDENTITY.alreadyYou(ctx.member.name);
      }
      throw new UserError(IDENTITY.alreadySomeoneElse(ctx.member.name));
    }
    const person = await memberByPhone(phone);
    if (!person || person.name !== name) throw new UserError(IDENTITY.noSuchEntry);
    const account = identityKey(platform, senderId);
    // Typing a colleague's name and phone proves nothing: only the platform or a leader can vouch.
    if (userIdOn(person, platform) !== undefined) throw new UserError(IDENTITY.taken);
    if ((await ctx.services.mobiles.of(platform, senderId)) === phone) {
      if ((await linkAccount(person._id, account)) === 'taken') throw new UserError(IDENTITY.taken);
      ctx.auditDetail = `linked ${account} to member ${person._id}: mobile vouched for by ${platform}`;
      return firstReply(ctx, IDENTITY.registered(person.name));
    }
    const confirmers = await confirmersOf(person);
    const { registration, isNew } = await openRegistration({
      account,
      platform,
      userId: senderId,
      member: person._id,
      confirmers: confirmers.map((c) => c._id),
      at: ctx.now,
      eventKey: ctx.eventKey,
    });
    const reached = askConfirmers(ctx, person, confirmers, registration._id, isNew);
    const number = registration._id;
    ctx.auditDetail = `registration ${number}: ${account} claims member ${person._id}, asking ${reached.length} of ${confirmers.length}`;
    return firstReply(ctx, reached.length ? IDENTITY.pending(reached.join('、'), number) : IDENTITY.noConfirmer(number));
  },
});
