import type { Runtime } from '../core/runtime.js';
import { UserError } from '../core/errors.js';
import { parsePeriod } from '../domain/reminderSchedule.js';
import { bi } from '../i18n/text.js';
import { REMINDER_KINDS } from './kinds.js';
import { fireNow, type Occurrence, type ReminderKind } from './occurrence.js';
import { streetSettings } from './settings.js';

/** A reminder to run now: its kind (English or Chinese name), optionally one street and one occurrence. */
export interface RunRequest {
  kind: string;
  street?: string;
  /** The occurrence's last id part: a month "2026-11", a quarter "2026-Q4", a notice "N-0007", an activity. */
  ref?: string;
}

export const kindList = () => REMINDER_KINDS.map((k) => `${k.zh}（${k.name}）`).join('、');

/** A ref that looks like a month or quarter must be one: "2026-13" is refused, not matched to nothing. */
function normalizeRef(ref: string): string {
  if (!/^\d{4}/.test(ref)) return ref.toUpperCase();
  const quarter = /^(\d{4})-?Q([1-4])$/i.exec(ref);
  const period = quarter ? `${quarter[1]}-Q${quarter[2]}` : parsePeriod(ref);
  if (!period) throw new UserError(bi(`「${ref}」不是有效的月份或季度，请写成 2026-11 或 2026-Q4。`, `"${ref}" is not a valid month or quarter; write 2026-11 or 2026-Q4.`));
  return period;
}

/**
 * The occurrences a request means: the one named by `ref`, else per street the one nearest now.
 * Everything the user typed is checked here, before anything is sent.
 */
export async function resolveRun(req: RunRequest, now: Date): Promise<{ kind: ReminderKind<any>; occurrences: Occurrence[] }> {
  const kind = REMINDER_KINDS.find((k) => k.name === req.kind.toLowerCase() || k.zh === req.kind);
  if (!kind) throw new UserError(bi(`没有「${req.kind}」这种提醒。可运行：${kindList()}`, `No reminder "${req.kind}". Reminders: ${kindList()}`));
  const streets = await streetSettings(req.street ? [req.street.toUpperCase()] : undefined);
  if (req.street && !streets.length) throw new UserError(bi(`没有编号为 ${req.street} 的街道。`, `No street has the code ${req.street}.`));
  const ref = req.ref === undefined ? undefined : normalizeRef(req.ref);
  const all = await kind.plan(streets, now);
  let occurrences: Occurrence[];
  if (ref) occurrences = all.filter((o) => o.id.endsWith(`:${ref}`));
  else {
    const nearest = new Map<string, Occurrence>();
    const distance = (o: Occurrence) => Math.abs(o.at.getTime() - now.getTime());
    for (const o of all) if (!nearest.has(o.data.street) || distance(o) < distance(nearest.get(o.data.street)!)) nearest.set(o.data.street, o);
    occurrences = [...nearest.values()];
  }
  if (!occurrences.length) throw new UserError(bi(`现在没有可运行的「${kind.zh}」提醒${ref ? `（${ref}）` : ''}。`, `No "${kind.name}" reminder to run now${ref ? ` (${ref})` : ''}.`));
  return { kind, occurrences };
}

/** Sends the occurrences now, under keys of this run; returns how many messages went out. */
export async function runNow(runtime: Runtime, kindName: string, occurrences: Occurrence[], runKey: string): Promise<number> {
  const kind = REMINDER_KINDS.find((k) => k.name === kindName)!;
  let sent = 0;
  for (const o of occurrences) sent += await fireNow(runtime, kind, o, `${runKey}:${o.id}`);
  return sent;
}
