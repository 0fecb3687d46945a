import type { CommandContext } from '../core/context.js';
import { UserError } from '../core/errors.js';
import { bi } from '../i18n/text.js';
import { ProblemModel, type ProblemRecord, type ProblemStep } from '../store/models/problem.js';
import { syncOpenRow } from './list.js';

export interface ProblemChange {
  /** Refuses (throws a UserError) when the problem's state does not allow the change; runs before any write. */
  check?(p: ProblemRecord): void;
  /** The state the write requires, so a change that raced with another finds nothing to update. */
  filter?: Record<string, unknown>;
  update: { $set?: Record<string, unknown>; $unset?: Record<string, 1> };
  step: ProblemStep;
}

const reload = async (p: ProblemRecord) => (await ProblemModel.findById(p._id).lean()) as ProblemRecord;

/**
 * One change to a problem by one event (a command, an escalation), applied at most once: the write
 * is conditional on the event not being recorded yet, and records it with the step. A re-run of the
 * same event skips the check and the write. Either way the problem's open row follows. Returns the
 * problem as it is afterwards.
 */
export async function changeOnce(p: ProblemRecord, key: string, change: ProblemChange): Promise<ProblemRecord> {
  if (p.events.includes(key)) {
    await syncOpenRow(p.number);
    return p;
  }
  change.check?.(p);
  // One atomic conditional update: of two racing changes (two resolves at once) one matches the filter.
  const res = await ProblemModel.updateOne({ _id: p._id, events: { $ne: key }, ...change.filter }, { ...change.update, $push: { steps: change.step, events: key } });
  const fresh = await reload(p);
  if (res.modifiedCount === 0 && !fresh.events.includes(key)) {
    // Another change won the race between our read and our write: judge again on the fresh state.
    change.check?.(fresh);
    throw new UserError(bi('这个问题刚刚有了变化，请再发送一次。', 'This problem changed just now; please send again.'));
  }
  await syncOpenRow(p.number);
  return fresh;
}

/** A command's change: keyed by its event, the step signed by the caller. */
export function applyOnce(ctx: CommandContext, p: ProblemRecord, change: Omit<ProblemChange, 'step'> & { step: Omit<ProblemStep, 'at' | 'by' | 'byName'> }): Promise<ProblemRecord> {
  const member = ctx.member!;
  const step = { ...change.step, at: ctx.now, by: member._id.toString(), byName: member.name };
  return changeOnce(p, ctx.eventKey, { ...change, step });
}
