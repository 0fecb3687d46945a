import type { CommandContext, MemberRecord } from '../core/context.js';
import { UserError } from '../core/errors.js';
import { maskPhone, normalizePhone } from '../domain/phone.js';
import { bi } from '../i18n/text.js';
import { GridModel } from '../store/models/grid.js';
import { identityKey, MemberModel } from '../store/models/member.js';
import type { ProblemRecord } from '../store/models/problem.js';
import { holderLevelNow } from './lookup.js';

/** Codes of the grids a problem may be handed within: its street's grids and the district's. */
async function gridsInReach(p: ProblemRecord): Promise<Set<string>> {
  const codes = [p.grid, p.street, p.district].filter((c): c is string => Boolean(c));
  const streetGrids = p.street ? await GridModel.find({ street: p.street }, { code: 1 }).lean() : [];
  return new Set([...codes, ...streetGrids.map((g) => g.code)]);
}

/**
 * The person a problem is handed to, as typed: a phone, a chat user id (a mention some platforms
 * put in the text as "@id"), or a name. Lark's "@_user_1" placeholders carry no name, so those ask
 * for a name or phone. They must be registered and work in the problem's street or the bureau.
 */
export async function handoverTarget(ctx: CommandContext, p: ProblemRecord, typed: string): Promise<MemberRecord> {
  if (/^@_user_\d+$/.test(typed)) {
    throw new UserError(bi('请写对方的姓名或手机号，例如：/转交 Q-0231 张三', "Write the person's name or phone, for example: /handover Q-0231 张三"));
  }
  const who = typed.replace(/^@/, '').trim();
  const phone = normalizePhone(who);
  const reach = await gridsInReach(p);
  const inReach = (m: MemberRecord) => m.memberships.some((ms) => reach.has(ms.grid));
  const found = (await MemberModel.find(
    phone ? { phone } : { $or: [{ name: who }, { identities: identityKey(ctx.message.platform, who) }] },
  ).limit(20).lean()) as MemberRecord[];
  if (found.length === 0) throw new UserError(bi(`通讯录里找不到「${who}」，请写姓名或手机号。`, `No one called "${who}" is in the directory; write a name or phone.`));
  const candidates = found.filter(inReach);
  if (candidates.length === 0) {
    throw new UserError(bi(`${found[0]!.name} 不在本街道或区统计局的网格里，不能转交给他。`, `${found[0]!.name} is not in this street's or the bureau's grids; the problem cannot go to them.`));
  }
  if (candidates.length > 1) {
    const list = candidates.map((m) => `${m.name} ${maskPhone(m.phone)} ${m.unit}`).join('\n');
    throw new UserError(bi(`有 ${candidates.length} 人叫「${who}」，请改用手机号：\n${list}`, `${candidates.length} people are called "${who}"; use the phone instead:\n${list}`));
  }
  const target = candidates[0]!;
  if (target._id.equals(ctx.member!._id)) throw new UserError(bi('不能转交给自己。', 'You cannot hand it to yourself.'));
  if (target.identities.length === 0) {
    throw new UserError(bi(`${target.name} 还没有登记聊天账号，收不到消息。请先让其发送 /登记。`, `${target.name} has not registered a chat account yet, so cannot be reached. Ask them to /register first.`));
  }
  if (p.holderId === target._id.toString() && holderLevelNow(p) !== undefined) throw new UserError(bi(`这个问题已经转交给 ${target.name} 了。`, `It is already with ${target.name}.`));
  return target;
}
