import type { CommandContext, GridRecord } from '../core/context.js';
import { UserError } from '../core/errors.js';
import { atLeast } from '../core/roles.js';
import { isDuplicateKey } from '../store/connect.js';
import { escalationMoment, formatProblemNo, type FlowLevel } from '../domain/problemFlow.js';
import { bi } from '../i18n/text.js';
import { nextSequence } from '../store/counters.js';
import { GridModel } from '../store/models/grid.js';
import { ProblemModel, type ProblemRecord } from '../store/models/problem.js';
import { RaisedEventModel } from '../store/models/raisedEvent.js';
import { escalationPolicy } from './escalation.js';
import { syncOpenRow } from './list.js';

/**
 * The grid a problem is raised in: the group's grid; in a private chat the asker's level-3 grid (the
 * one where they are a plain member when they are in several), else they are asked to use the group.
 */
export async function askerGrid(ctx: CommandContext): Promise<GridRecord> {
  const { message, member } = ctx;
  if (message.chatType === 'group') {
    if (!ctx.grid) {
      throw new UserError(bi('本群还没有绑定网格。请在您网格的群里发送 /问题，或私聊我发送。', 'This group is not bound to a grid. Send /ask in your grid’s group, or to me privately.'));
    }
    if (!atLeast(ctx.role, 'member')) {
      throw new UserError(bi(`您不是「${ctx.grid.name}」的成员。请在您网格的群里提问，或私聊我发送 /问题。`,
        `You are not in "${ctx.grid.name}". Ask in your own grid’s group, or send /ask to me privately.`));
    }
    return ctx.grid;
  }
  const codes = member!.memberships.map((m) => m.grid);
  const grids = (await GridModel.find({ code: { $in: codes }, level: 3 }).lean()) as GridRecord[];
  const asMember = grids.filter((g) => member!.memberships.some((m) => m.grid === g.code && m.role === 'member'));
  const only = grids.length === 1 ? grids[0] : asMember.length === 1 ? asMember[0] : undefined;
  if (only) return only;
  if (grids.length === 0) {
    throw new UserError(bi('您不在任何网格里，请在相关的网格群里发送 /问题。', 'You are in no level-3 grid; send /ask in the group concerned.'));
  }
  throw new UserError(bi(`您在多个网格（${grids.map((g) => g.name).join('、')}），请在要提问的网格群里发送 /问题。`,
    `You are in several grids (${grids.map((g) => g.name).join(', ')}); send /ask in the group of the grid concerned.`));
}

/** Street and district codes above a grid, for routing and for the street's and bureau's lists. */
async function codesAbove(grid: GridRecord): Promise<{ street?: string; district?: string }> {
  if (grid.level === 1) return { district: grid.code };
  if (grid.level === 2) return { street: grid.code, district: grid.parent ?? undefined };
  const street = grid.street ? await GridModel.findOne({ code: grid.street }, { parent: 1 }).lean() : null;
  return { street: grid.street ?? undefined, district: street?.parent ?? undefined };
}

/** The number an event raises, claimed once: a re-run of the event gets the same one. */
async function claimNumber(eventKey: string, now: Date): Promise<number> {
  const claimed = await RaisedEventModel.findById(eventKey).lean();
  if (claimed) return claimed.number;
  const number = await nextSequence('problem');
  await RaisedEventModel.updateOne({ _id: eventKey }, { $setOnInsert: { number, at: now } }, { upsert: true });
  return (await RaisedEventModel.findById(eventKey).lean())!.number;
}

/**
 * The problem this event raised, created once: the event claims its number first, and the number
 * makes the problem's id, so a re-run after a crash finds the same problem. A crash between taking a
 * number and claiming it leaves a gap in the numbers, never a double.
 */
export async function raiseProblem(ctx: CommandContext, grid: GridRecord, text: string): Promise<ProblemRecord> {
  const { message, now } = ctx;
  const member = ctx.member!;
  const number = await claimNumber(ctx.eventKey, now);
  const id = formatProblemNo(number);
  if (!(await ProblemModel.exists({ _id: id }))) {
    const level = grid.level as FlowLevel;
    const above = await codesAbove(grid);
    const policy = await escalationPolicy(ctx.services.config, above.street);
    try {
      await ProblemModel.create({
        _id: id,
        number,
        eventKey: ctx.eventKey,
        grid: grid.code,
        gridName: grid.name,
        gridLevel: level,
        ...above,
        askerId: member._id.toString(),
        askerName: member.name,
        askerUnit: member.unit || undefined,
        origin: { platform: message.platform, chatId: message.chatId, chatType: message.chatType, userId: message.senderId },
        text,
        attachments: (message.attachments ?? []).map(({ kind, url, name }) => ({ kind, url, name })),
        status: 'open',
        level,
        round: 0,
        escalateAt: escalationMoment(level, now, policy),
        raisedAt: now,
        steps: [{ kind: 'ask', at: now, by: member._id.toString(), byName: member.name, level, text }],
        events: [ctx.eventKey],
      });
    } catch (err) {
      // The same event raced itself: the id let one through, and that one is ours.
      if (!isDuplicateKey(err)) throw err;
    }
  }
  await syncOpenRow(number);
  return (await ProblemModel.findById(id).lean()) as ProblemRecord;
}
