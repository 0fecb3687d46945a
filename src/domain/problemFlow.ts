import { addWorkingDays, type QuietHours } from './workCalendar.js';

/** Where a problem is held: 3 the level-3 grid, 2 the street, 1 the district bureau. */
export type FlowLevel = 1 | 2 | 3;

export const PROBLEM_STATUSES = ['open', 'answered', 'resolved'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];
/** Still on someone's list: waiting for an answer, or answered and waiting for the asker. */
export const UNRESOLVED: ProblemStatus[] = ['open', 'answered'];

/** "Q-0231": short enough to type on a phone; grows past four digits when it must. */
export const formatProblemNo = (n: number) => `Q-${String(n).padStart(4, '0')}`;

/** Accepts "Q-0231", "q231", "Q0231" and "231". */
export function parseProblemNo(text: string): number | undefined {
  const m = /^(?:q-?)?(\d{1,9})$/i.exec(text.trim());
  const n = m ? Number(m[1]) : 0;
  return n > 0 ? n : undefined;
}

/** The level a problem goes up to when unanswered; none above the bureau. */
export const levelAbove = (level: FlowLevel): FlowLevel | undefined => (level > 1 ? ((level - 1) as FlowLevel) : undefined);

export interface EscalationPolicy {
  /** Working days a level-3 grid has before the street gets the problem. */
  gridDays: number;
  /** Working days the street has before the bureau gets it. */
  streetDays: number;
  quiet: QuietHours;
}

/**
 * When a problem held at `level` since `from` goes up a level, on the working calendar; never from
 * the bureau. Whole minutes, so the time people are shown ("若 12-03 10:00 前未答复") is the moment.
 */
export function escalationMoment(level: FlowLevel, from: Date, policy: EscalationPolicy): Date | undefined {
  if (level === 1) return undefined;
  const at = addWorkingDays(from, level === 3 ? policy.gridDays : policy.streetDays, policy.quiet);
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000);
}

/** The grid codes a problem passes through, by level. */
export type FlowChain = Partial<Record<FlowLevel, string>>;

/**
 * The most local level at which someone may act on a problem: they lead (or deputise) the grid
 * there, or it was handed to them at the level it is held. Undefined: they may not answer it.
 */
export function authorityLevel(chain: FlowChain, leads: ReadonlySet<string>, heldAt?: FlowLevel): FlowLevel | undefined {
  for (const level of [3, 2, 1] as const) {
    if (heldAt === level) return level;
    const code = chain[level];
    if (code && leads.has(code)) return level;
  }
  return undefined;
}

/**
 * The level at which the person a problem was handed to may act: the level it was handed at, while it
 * is still held there. Once it goes up, the level above answers for it. (Hand-overs recorded before the
 * level was kept count at the level held now.)
 */
export const holderAuthority = (level: FlowLevel, handedAt: FlowLevel | undefined): FlowLevel | undefined =>
  (handedAt ?? level) === level ? level : undefined;

/** Days, hours and minutes of an age, to the nearest minute (calendar time, as a person would say it). */
export function ageParts(ms: number): { days: number; hours: number; minutes: number } {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  return { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60), minutes: minutes % 60 };
}

/** A page of a list: 1-based page clamped to what exists. */
export function pageOf(total: number, page: number, size: number): { page: number; pages: number; skip: number } {
  const pages = Math.max(1, Math.ceil(total / size));
  const p = Math.min(Math.max(1, Math.floor(page)), pages);
  return { page: p, pages, skip: (p - 1) * size };
}
