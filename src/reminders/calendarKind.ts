import type { Runtime } from '../core/runtime.js';
import type { ReminderSettings } from '../domain/reminderSchedule.js';
import type { KeyedMessage } from '../outbound/outbox.js';
import type { FiredData, ReminderKind } from './occurrence.js';

/** A street's reminder for one period (a month "2026-11" or a quarter "2026-Q4"). */
export interface PeriodData {
  street: string;
  period: string;
}

/**
 * A reminder that recurs per street and period by the calendar (monthly report, returns,
 * quarterly activity): one occurrence per street and period, id "NAME:STREET:PERIOD".
 */
export function calendarKind(spec: {
  name: string;
  zh: string;
  job: string;
  summary: string;
  /** The periods whose occurrence may fall near `now` (e.g. last, this and next month). */
  periods(now: Date): string[];
  /** When it goes out for a period under a street's settings; undefined for none that period. */
  moment(period: string, settings: ReminderSettings): Date | undefined;
  /** The moment it looks ahead to (a due day's end): a missed one is sent late until then, never after. */
  subjectAt?(period: string, settings: ReminderSettings): Date;
  compose(runtime: Runtime, data: FiredData<PeriodData>, now: Date): Promise<KeyedMessage[]>;
}): ReminderKind<PeriodData> {
  return {
    name: spec.name,
    zh: spec.zh,
    job: spec.job,
    summary: spec.summary,
    tick: '5 * * * *',
    async plan(streets, now) {
      return streets.flatMap((s) =>
        spec.periods(now).flatMap((period) => {
          const at = spec.moment(period, s.settings);
          if (!at) return [];
          const subject = spec.subjectAt && { at: spec.subjectAt(period, s.settings) };
          return [{ id: `${spec.name}:${s.code}:${period}`, at, data: { street: s.code, period }, ...(subject && { subject }) }];
        }),
      );
    },
    compose: spec.compose,
  };
}
