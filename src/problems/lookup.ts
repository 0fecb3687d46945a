import type { CommandContext, MemberRecord } from '../core/context.js';
import { UserError } from '../core/errors.js';
import { authorityLevel, formatProblemNo, holderAuthority, parseProblemNo, type FlowChain, type FlowLevel } from '../domain/problemFlow.js';
import { bi, type Text } from '../i18n/text.js';
import { ProblemModel, type ProblemRecord } from '../store/models/problem.js';
import { no, notYourGrid } from './texts.js';

/** The problem a typed number names; a malformed or unknown number is the caller's to fix. */
export async function findProblem(typed: string): Promise<ProblemRecord> {
  const number = parseProblemNo(typed);
  if (!number) throw new UserError(bi(`“${typed}”不是问题编号，编号形如 Q-0231。`, `"${typed}" is not a problem number; they look like Q-0231.`));
  const problem = (await ProblemModel.findById(formatProblemNo(number)).lean()) as ProblemRecord | null;
  if (!problem) throw new UserError(bi(`没有编号为 ${no(number)} 的问题，请核对。`, `There is no problem ${no(number)}; please check the number.`));
  return problem;
}

type Placed = Pick<ProblemRecord, 'grid' | 'gridLevel' | 'street' | 'district'>;

/** The grid codes a problem passes through, by level. */
export function chainOf(p: Placed): FlowChain {
  const chain: FlowChain = { [p.gridLevel as FlowLevel]: p.grid };
  if (p.gridLevel > 2 && p.street) chain[2] = p.street;
  if (p.gridLevel > 1 && p.district) chain[1] = p.district;
  return chain;
}

/** Grids a person leads or deputises: their authority in the flow. */
export const leadsOf = (member: MemberRecord) =>
  new Set(member.memberships.filter((m) => m.role === 'leader' || m.role === 'deputy').map((m) => m.grid));

const isHolder = (member: MemberRecord, p: ProblemRecord) => p.holderId === member._id.toString();
/** The level its holder may act at now, if the hand-over still stands. */
export const holderLevelNow = (p: Pick<ProblemRecord, 'level' | 'holderLevel'>) =>
  holderAuthority(p.level as FlowLevel, (p.holderLevel ?? undefined) as FlowLevel | undefined);
export const isAsker = (member: MemberRecord, p: ProblemRecord) => p.askerId === member._id.toString();

/** The most local level at which this person may answer or hand on the problem, if any. */
export const authorityOf = (member: MemberRecord, p: ProblemRecord): FlowLevel | undefined =>
  authorityLevel(chainOf(p), leadsOf(member), isHolder(member, p) ? holderLevelNow(p) : undefined);

/** In the problem's grid at all (as a member, the asker, or with authority over it). */
const insideGrid = (member: MemberRecord, p: ProblemRecord) =>
  isAsker(member, p) || member.memberships.some((m) => m.grid === p.grid) || authorityOf(member, p) !== undefined;

/** The caller's level of authority over the problem; otherwise a refusal saying who may. */
export function requireAuthority(ctx: CommandContext, p: ProblemRecord, verb: Text): FlowLevel {
  const member = ctx.member!;
  const level = authorityOf(member, p);
  if (level !== undefined) return level;
  if (!insideGrid(member, p)) throw new UserError(notYourGrid(p.number));
  throw new UserError(bi(
    `只有本网格的网格长、副网格长、转交人或上级管理员可以${verb['zh-CN']} ${no(p.number)}。`,
    `Only the grid's leaders, the person it was handed to, or the admins above may ${verb.en} ${no(p.number)}.`,
  ));
}

/** Only the asker (and, where `bureauToo`, a bureau admin) may close or follow up their problem. */
export function requireAsker(ctx: CommandContext, p: ProblemRecord, verb: Text, bureauToo = false): void {
  const member = ctx.member!;
  if (isAsker(member, p) || (bureauToo && ctx.role === 'bureauAdmin')) return;
  if (!insideGrid(member, p)) throw new UserError(notYourGrid(p.number));
  throw new UserError(bi(
    `${no(p.number)} 是${p.askerName}提出的问题，只有提问人可以${verb['zh-CN']}。`,
    `${no(p.number)} was raised by ${p.askerName}; only the asker may ${verb.en} it.`,
  ));
}
