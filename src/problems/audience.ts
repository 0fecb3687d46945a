import type { CommandContext, MemberRecord } from '../core/context.js';
import type { InboundMessage, OutboundMessage, Outgoing, PlatformName } from '../core/types.js';
import { GRID_ROLE_NAMES } from '../i18n/domainNames.js';
import { bi, pick, type Lang, type Text } from '../i18n/text.js';
import { ChatBindingModel } from '../store/models/chatBinding.js';
import { MemberModel, type GridRole } from '../store/models/member.js';

/** A message for someone other than the caller, already in its recipient's language. */
export type Notice = Outgoing & { text: string };

/** A chat to prefer: the one a command came from, or where a problem was raised. */
export type ChatRef = { platform: string; chatId?: string };

/** A person's user id on a platform, from their "platform:userId" identities. */
export function userIdOn(person: Pick<MemberRecord, 'identities'>, platform: string): string | undefined {
  const prefix = `${platform}:`;
  return person.identities.find((i) => i.startsWith(prefix))?.slice(prefix.length);
}

/** The leader and deputies of a grid, leader first (memberships are matched by dotted path, then filtered). */
export async function leadersOf(code: string): Promise<Array<MemberRecord & { role: GridRole }>> {
  const people = (await MemberModel.find({ 'memberships.grid': code }).lean()) as MemberRecord[];
  return people
    .map((p) => ({ ...p, role: p.memberships.find((m) => m.grid === code)!.role as GridRole }))
    .filter((p) => p.role === 'leader' || p.role === 'deputy')
    .sort((a, b) => (a.role === b.role ? a.name.localeCompare(b.name, 'zh-CN') : a.role === 'leader' ? -1 : 1));
}

/** "网格长张三、副网格长李四" / "leader 张三, deputy 李四"; empty when the directory has none. */
export function leaderNames(leaders: Array<{ name: string; role: GridRole }>): Text {
  return bi(
    leaders.map((l) => `${GRID_ROLE_NAMES[l.role]['zh-CN']}${l.name}`).join('、'),
    leaders.map((l) => `${GRID_ROLE_NAMES[l.role].en} ${l.name}`).join(', '),
  );
}

/** A private message to one person: on `platform` if they use it, else on their first identity. */
export function privateNotice(person: Pick<MemberRecord, 'identities'>, platform: string, text: string): Notice | undefined {
  const identity = person.identities.find((i) => i.startsWith(`${platform}:`)) ?? person.identities[0];
  if (!identity) return undefined;
  const at = identity.indexOf(':');
  return { text, to: { platform: identity.slice(0, at) as PlatformName, userId: identity.slice(at + 1) } };
}

/** Picks a notice's language once its target is known: the chat (and the person, for a private one). */
export type LangFor = (to: ChatRef, person?: Pick<MemberRecord, 'lang'>) => Lang;

/**
 * A notice for the people leading a grid: one message in the grid's bound group @-mentioning them
 * (preferring the chat given, then one on its platform), or, with no group bound, one to each privately.
 */
export async function noticeToLeaders(
  code: string,
  leaders: Array<Pick<MemberRecord, 'identities' | 'lang'>>,
  prefer: ChatRef,
  text: Text,
  langFor: LangFor,
): Promise<Notice[]> {
  const bindings = await ChatBindingModel.find({ grid: code }).sort({ createdAt: 1 }).lean();
  const group =
    bindings.find((b) => b.platform === prefer.platform && b.chatId === prefer.chatId) ??
    bindings.find((b) => b.platform === prefer.platform) ??
    bindings[0];
  if (group) {
    const mentions = leaders.map((l) => userIdOn(l, group.platform)).filter((id): id is string => Boolean(id));
    const to = { platform: group.platform as PlatformName, chatId: group.chatId };
    return [{ text: pick(text, langFor(to)), mentions, to }];
  }
  return leaders
    .map((l) => privateNotice(l, prefer.platform, pick(text, langFor({ platform: prefer.platform }, l))))
    .filter((o): o is Notice => Boolean(o));
}

/** The language to write to a person in: theirs if set, else the bot's default. */
export const langOf = (person: { lang?: string | null } | undefined, fallback: Lang): Lang => (person?.lang as Lang | undefined) ?? fallback;

const sameChat = (out: Outgoing, msg: InboundMessage) =>
  out.to?.chatId !== undefined && out.to.chatId === msg.chatId && (out.to.platform ?? msg.platform) === msg.platform;

/**
 * The language of a notice: the recipient's own; else, when it lands in the chat the command came
 * from, the caller's; else the bot's default.
 */
export function noticeLang(ctx: CommandContext, recipient: Pick<MemberRecord, 'lang'> | null | undefined, to: ChatRef): Lang {
  const here = to.platform === ctx.message.platform && to.chatId === ctx.message.chatId;
  return langOf(recipient ?? undefined, here ? ctx.lang : ctx.services.config.DEFAULT_LANG);
}

export const commandLangFor = (ctx: CommandContext): LangFor => (to, person) => noticeLang(ctx, person, to);

/**
 * Queues notices besides the reply; one meant for the chat the command came from is returned to
 * be the reply itself, so a group sees one message rather than two.
 */
export function deliver(ctx: CommandContext, notices: Outgoing[]): Outgoing[] {
  const here: Outgoing[] = [];
  for (const n of notices) {
    if (sameChat(n, ctx.message)) here.push({ ...n, to: undefined });
    else ctx.send(n);
  }
  return here;
}

/** A notice with its own target, as the outbound queue takes it (for jobs, outside a command). */
export function toOutbound(out: Notice): OutboundMessage {
  return { platform: out.to!.platform!, chatId: out.to?.chatId, userId: out.to?.userId, text: out.text, mentions: out.mentions };
}
