import type { Config } from '../config.js';
import type { Services } from '../core/services.js';
import { levelAbove, type EscalationPolicy, type FlowLevel } from '../domain/problemFlow.js';
import { DEFAULT_QUIET_HOURS } from '../domain/workCalendar.js';
import { scheduleAt } from '../queue/delayed.js';
import { streetSettings } from '../reminders/settings.js';
import type { ProblemRecord } from '../store/models/problem.js';

export const ESCALATION_QUEUE = 'problems';
export const ESCALATION_JOB = 'escalateProblem';

/** One planned escalation: problem, flow round, and the level it goes up to. */
export interface EscalationData {
  number: number;
  round: number;
  to: FlowLevel;
}

/**
 * Working days from the configuration; quiet hours those the street set for its reminders
 * (`/提醒设置 免打扰`), so the bot is silent at the same times whatever it is sending.
 */
export async function escalationPolicy(config: Config, street: string | null | undefined): Promise<EscalationPolicy> {
  const [own] = street ? await streetSettings([street]) : [];
  return {
    gridDays: config.PROBLEM_ESCALATE_GRID_DAYS,
    streetDays: config.PROBLEM_ESCALATE_STREET_DAYS,
    quiet: own?.settings.quiet ?? DEFAULT_QUIET_HOURS,
  };
}

/** Stable per problem, round and level: scheduling again moves it, and it fires at most once. */
export const escalationKey = (d: EscalationData) => `problem-escalation:${d.number}:r${d.round}:L${d.to}`;

/** Schedules the problem's next escalation, if it is open below the bureau with a moment set. */
export async function scheduleEscalation(services: Services, p: Pick<ProblemRecord, 'number' | 'round' | 'level' | 'status' | 'escalateAt'>): Promise<void> {
  const to = levelAbove(p.level as FlowLevel);
  if (p.status !== 'open' || !p.escalateAt || !to) return;
  const data: EscalationData = { number: p.number, round: p.round, to };
  await scheduleAt(services.queue(ESCALATION_QUEUE), ESCALATION_JOB, data, p.escalateAt, escalationKey(data), services.clock);
}
