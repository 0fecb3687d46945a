import { isStoreUnavailable } from '../store/connect.js';
import { auditOnce } from '../store/audit.js';
import { logger } from '../logger.js';
import { countCommand } from '../metrics/workCounts.js';
import { maskPhonesIn, maskPhonesInValue } from '../domain/phone.js';
import { IDENTITY } from '../identity/texts.js';
import { identityKey } from '../store/models/member.js';
import { pendingOf } from '../store/registrations.js';
import { MSG } from '../i18n/messages.js';
import { looksChinese, pick, type Lang, type Text } from '../i18n/text.js';
import { findBoundGrid, findMemberByIdentity, roleOf } from './access.js';
import { refreshCaches } from './versionedCache.js';
import type { CommandResult, CommandSpec } from './command.js';
import { parseLine } from './commandLine.js';
import { commandRate, type RateVerdict } from './commandRate.js';
import type { CommandContext } from './context.js';
import { UserError } from './errors.js';
import { atLeast, whoMay, type Role } from './roles.js';
import { bindArgs, type CommandRouter } from './router.js';
import type { Services } from './services.js';
import type { InboundMessage, OutboundMessage, Outgoing } from './types.js';

export const eventKeyOf = (msg: Pick<InboundMessage, 'platform' | 'eventId'>) => `${msg.platform}:${msg.eventId}`;

export function usageOf(command: CommandSpec): Text {
  const zh = `/${command.zh[0]}${command.usage ? ` ${command.usage['zh-CN']}` : ''}`;
  const en = `/${command.name}${command.usage ? ` ${command.usage.en}` : ''}`;
  return { 'zh-CN': zh, en };
}

/**
 * Where an answer to `msg` goes: its chat, or for a button pressed in a group the presser alone
 * (a group message per press would bury the card).
 */
function answerRoute(msg: InboundMessage): Pick<OutboundMessage, 'chatId' | 'chatType' | 'userId' | 'replyHint'> {
  if (msg.pressed && msg.chatType === 'group') return { userId: msg.senderId, replyHint: { chatType: 'p2p', userId: msg.senderId } };
  return { chatId: msg.chatId, chatType: msg.chatType, replyHint: msg.replyHint };
}

/** Turns a command's result into platform messages: to the same chat unless it says otherwise. */
function toOutbound(msg: InboundMessage, lang: Lang, items: Outgoing[]): OutboundMessage[] {
  return items.map((item) => {
    const sameChat = !item.to;
    return {
      platform: item.to?.platform ?? msg.platform,
      ...(sameChat ? answerRoute(msg) : { chatId: item.to?.chatId, userId: item.to?.userId }),
      text: pick(item.text, lang),
      title: item.title === undefined ? undefined : pick(item.title, lang),
      buttons: item.buttons?.map((b) => ({ label: pick(b.label, lang), command: b.command })),
      mentions: item.mentions,
      live: item.live,
      file: item.file,
    };
  });
}

/** "Something went wrong", for a message that could not be handled at all (its last try failed). */
export function failedReply(msg: InboundMessage, services: Services): OutboundMessage[] {
  const lang: Lang = looksChinese(msg.text) ? 'zh-CN' : services.config.DEFAULT_LANG;
  return toOutbound(msg, lang, [{ text: MSG.internalError }]);
}

function asOutgoing(result: CommandResult): Outgoing[] {
  if (Array.isArray(result)) return result;
  if (typeof result === 'string' || 'zh-CN' in result) return [{ text: result }];
  return [result];
}

/**
 * One message through the router and its command: identity, binding, role, arguments, handler,
 * audit. Returns what to send; nothing is written for an unknown, refused or invalid command.
 */
export async function dispatch(
  msg: InboundMessage,
  router: CommandRouter,
  services: Services,
  /** The person's command rate, when the caller counted it already (`startMessage`). */
  counted?: RateVerdict,
): Promise<OutboundMessage[]> {
  const line = parseLine(msg.text);
  const fallbackLang: Lang = looksChinese(msg.text) ? 'zh-CN' : services.config.DEFAULT_LANG;
  const reply = (text: Text, lang: Lang) => toOutbound(msg, lang, [{ text }]);

  if (line.kind === 'text') return msg.addressedToBot ? reply(MSG.notACommand, fallbackLang) : [];
  if (line.kind === 'unbalancedQuote') return reply(MSG.unbalancedQuote, fallbackLang);
  const rate = counted ?? (await commandRate(services, msg));
  if (rate !== 'within') return rate === 'justOver' ? reply(MSG.tooManyCommands, fallbackLang) : [];

  refreshCaches(services);
  const [member, grid] = await Promise.all([
    findMemberByIdentity(msg.platform, msg.senderId),
    msg.chatType === 'group' ? findBoundGrid(msg.platform, msg.chatId) : Promise.resolve(undefined),
  ]);
  const role = await roleOf(member, grid);
  const resolved = router.resolve(line.name);
  if (!resolved) {
    const lang: Lang = looksChinese(line.name) ? 'zh-CN' : line.name ? 'en' : fallbackLang;
    // Only a command this person may use here is worth suggesting.
    countCommand(services, 'unknown', 'unknown');
    return reply(MSG.unknownCommand(line.name, router.suggest(line.name, (c) => atLeast(role, c.allow))), lang);
  }
  const { command } = resolved;
  const lang: Lang = (member?.lang as Lang | undefined) ?? resolved.lang;

  if ((command.needsGrid && !grid) || !atLeast(role, command.allow)) countCommand(services, command.name, 'refused');
  if (command.needsGrid && !grid) return reply(MSG.groupNotBound, lang);
  if (!atLeast(role, command.allow)) {
    // Someone whose registration waits for a leader is told so, not asked to register.
    if (!member) {
      const pending = await pendingOf(identityKey(msg.platform, msg.senderId));
      return reply(pending ? IDENTITY.stillPending : MSG.notRegistered, lang);
    }
    // She has the role, in her own grid: naming it would tell her nothing.
    if (grid && member.memberships.some((m) => m.grid !== grid.code && atLeast(m.role as Role, command.allow))) {
      return reply(MSG.otherGridsGroup(grid.name, command.zh[0]!, command.name), lang);
    }
    const who = whoMay(command.allow);
    return reply(MSG.refused(who['zh-CN'], who.en, command.zh[0]!, command.name), lang);
  }
  const args = bindArgs(command, line.args, line.rest);
  if (!args.ok) {
    countCommand(services, command.name, 'usage');
    const usage = usageOf(command);
    return reply(MSG.usage(usage['zh-CN'], usage.en), lang);
  }

  const extra: Outgoing[] = [];
  const ctx: CommandContext = {
    lang,
    message: msg,
    eventKey: eventKeyOf(msg),
    now: services.clock.now(),
    member,
    role,
    grid,
    services,
    router,
    t: (text) => pick(text, lang),
    send: (out) => extra.push(out),
  };
  try {
    const result = await command.run(ctx, args.value);
    if (command.changesState && !ctx.nothingChanged) await audit(ctx, command, args.value, 'ok');
    countCommand(services, command.name, 'ok');
    return toOutbound(msg, lang, [...asOutgoing(result), ...extra]);
  } catch (err) {
    if (err instanceof UserError) countCommand(services, command.name, 'rejected');
    if (err instanceof UserError) return reply(typeof err.reply === 'string' ? { 'zh-CN': err.reply, en: err.reply } : err.reply, lang);
    // The store was away (a restart): the job runs again, and what the command wrote is keyed by its event.
    if (isStoreUnavailable(err)) throw err;
    logger.error({ err, command: command.name, eventKey: ctx.eventKey }, 'command failed');
    countCommand(services, command.name, 'error');
    if (command.changesState) await audit(ctx, command, args.value, 'error', String(err)).catch(() => undefined);
    return reply(MSG.internalError, lang);
  }
}

async function audit(
  ctx: CommandContext,
  command: CommandSpec,
  args: unknown,
  result: 'ok' | 'error',
  detail = ctx.auditDetail,
): Promise<void> {
  await auditOnce(ctx.eventKey, {
    at: ctx.now,
    actor: ctx.member?._id.toString(),
    actorName: ctx.member?.name,
    platform: ctx.message.platform,
    chatId: ctx.message.chatId,
    grid: ctx.grid?.code,
    command: command.name,
    // No full phone number in the log: the typed arguments and the detail both may hold one.
    args: maskPhonesInValue(args),
    result,
    detail: detail === undefined ? undefined : maskPhonesIn(detail),
  });
}
