import { isDuplicateKey } from '../store/connect.js';
import type { CommandContext } from '../core/context.js';
import { atLocal } from '../domain/chinaTime.js';
import { formatProblemNo, pageOf, UNRESOLVED, type ProblemStatus } from '../domain/problemFlow.js';
import { addMonths } from '../domain/reminderSchedule.js';
import { OpenProblemModel, type OpenProblem } from '../store/models/openProblem.js';
import { ProblemModel, type ProblemRecord } from '../store/models/problem.js';
import { leadsOf } from './lookup.js';

export const PAGE_SIZE = 10;

type Filter = Record<string, unknown>;

/**
 * Which problems a person sees: everything for the bureau; otherwise those of the grids and streets
 * they lead, those handed to them, and their own. In a group, only those of that grid (or street).
 * A member therefore never sees another grid's problems here.
 */
export function listScope(ctx: CommandContext): { filter: Filter; ownOnly: boolean } {
  const member = ctx.member!;
  const id = member._id.toString();
  const leads = [...leadsOf(member)];
  const reach: Filter = ctx.role === 'bureauAdmin'
    ? {}
    : { $or: [{ grid: { $in: leads } }, { street: { $in: leads } }, { holderId: id }, { askerId: id }] };
  const grid = ctx.grid;
  const here: Filter = !grid || grid.level === 1 ? {} : grid.level === 2 ? { street: grid.code } : { grid: grid.code };
  const parts = [reach, here].filter((f) => Object.keys(f).length > 0);
  return { filter: parts.length > 1 ? { $and: parts } : (parts[0] ?? {}), ownOnly: ctx.role !== 'bureauAdmin' && leads.length === 0 };
}

export type ProblemRow = OpenProblem & { _id: string };

export interface ProblemPage {
  items: ProblemRow[];
  total: number;
  page: number;
  pages: number;
}

/** Unresolved problems in a scope, oldest first, a page at a time, from the open rows. */
export async function openProblems(scope: Filter, page: number, size = PAGE_SIZE): Promise<ProblemPage> {
  const sorted = () => OpenProblemModel.find(scope).sort({ raisedAt: 1, number: 1 });
  // A first page short of full holds every row: its length is the total, and no count is needed.
  const first = page <= 1 ? ((await sorted().limit(size).lean()) as ProblemRow[]) : undefined;
  const total = first && first.length < size ? first.length : await OpenProblemModel.countDocuments(scope);
  const at = pageOf(total, page, size);
  const items = first && at.skip === 0 ? first : ((await sorted().skip(at.skip).limit(size).lean()) as ProblemRow[]);
  return { items, total, page: at.page, pages: at.pages };
}

/** Every unresolved problem in a scope, oldest first: what the console's charts count. */
export async function allOpenProblems(scope: Filter): Promise<ProblemRow[]> {
  return (await OpenProblemModel.find(scope).sort({ raisedAt: 1, number: 1 }).lean()) as ProblemRow[];
}

/** The list row of an unresolved problem. */
export function openRowOf(p: ProblemRecord): Omit<ProblemRow, '_id'> {
  return {
    number: p.number, rev: p.steps.length, status: p.status, level: p.level, grid: p.grid, gridName: p.gridName, street: p.street ?? undefined,
    askerId: p.askerId, askerName: p.askerName, holderId: p.holderId ?? undefined, text: p.text.slice(0, 80), raisedAt: p.raisedAt,
  };
}

/**
 * Brings a problem's open row in line with the problem (read afresh): written while it is
 * unresolved, removed once resolved. Every change calls it, a replayed one too, so a crash between
 * the two writes heals when the change runs again. Rows carry the problem's step count, so a slower
 * writer holding an older view loses to a newer one.
 */
export async function syncOpenRow(number: number): Promise<void> {
  const id = formatProblemNo(number);
  const p = (await ProblemModel.findById(id, { events: 0 }).lean()) as ProblemRecord | null;
  const rev = p?.steps.length ?? 0;
  if (!p || !UNRESOLVED.includes(p.status as ProblemStatus)) {
    await OpenProblemModel.deleteOne({ _id: id, rev: { $lte: rev } });
    return;
  }
  try {
    await OpenProblemModel.replaceOne({ _id: id, rev: { $lte: rev } }, openRowOf(p), { upsert: true });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err; // a newer row is already there
  }
}

export interface RaisedProblem {
  number: number;
  status: ProblemStatus;
}

/** The problems raised in some grids in a month (China time), by grid, oldest first: what their monthly reports include. */
export async function problemsRaisedIn(grids: string[], period: string): Promise<Map<string, RaisedProblem[]>> {
  const raisedAt = { $gte: atLocal(`${period}-01`, '00:00'), $lt: atLocal(`${addMonths(period, 1)}-01`, '00:00') };
  const found = await ProblemModel.find({ grid: { $in: grids }, raisedAt }, { grid: 1, number: 1, status: 1 }).sort({ number: 1 }).lean();
  const byGrid = new Map<string, RaisedProblem[]>(grids.map((g) => [g, []]));
  for (const p of found) byGrid.get(p.grid)?.push({ number: p.number, status: p.status as ProblemStatus });
  return byGrid;
}
