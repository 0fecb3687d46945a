import { UserError } from '../src/core/errors.js';
import { escalationMoment, formatProblemNo, levelAbove, type FlowLevel } from '../src/domain/problemFlow.js';
import { nextWorkingMoment } from '../src/domain/workCalendar.js';
import { bi } from '../src/i18n/text.js';
import { langOf, toOutbound } from '../src/problems/audience.js';
import { changeOnce } from '../src/problems/change.js';
import { ESCALATION_JOB, ESCALATION_QUEUE, escalationKey, escalationPolicy, scheduleEscalation, type EscalationData } from '../src/problems/escalation.js';
import { noticeToHolders, questionLine } from '../src/problems/messages.js';
import { ageText, LEVEL_NAMES, no, someLines } from '../src/problems/texts.js';
import { deferUntil } from '../src/queue/delayed.js';
import { defineJob } from '../src/queue/job.js';
import { auditOnce } from '../src/store/audit.js';
import { ProblemModel, type ProblemRecord } from '../src/store/models/problem.js';

/**
 * Moves an unanswered problem up one level when its time has come: one message to the next level's
 * group naming the problem, its age and its grid, then the next escalation is scheduled. The problem
 * is re-read first: an answered, resolved, reopened or already escalated problem is left alone, and
 * a job that runs early by the clock (or in quiet hours, or on a day off) waits again.
 */
export default defineJob<EscalationData>({
  queue: ESCALATION_QUEUE,
  name: ESCALATION_JOB,
  concurrency: 4,
  async process(job, runtime) {
    const { clock, config } = runtime.services;
    const data = job.data;
    const key = escalationKey(data);
    const found = (await ProblemModel.findById(formatProblemNo(data.number)).lean()) as ProblemRecord | null;
    if (!found) return 'gone';
    const policy = await escalationPolicy(config, found.street);
    const replay = found.events.includes(key);
    if (!replay) {
      const current = found.status === 'open' && found.round === data.round && levelAbove(found.level as FlowLevel) === data.to;
      if (!current || !found.escalateAt) return 'stale';
      const now = clock.now();
      const due = nextWorkingMoment(found.escalateAt > now ? found.escalateAt : now, policy.quiet);
      if (due > now) throw await deferUntil(job, due, clock);
    }

    const now = clock.now();
    const next = escalationMoment(data.to, now, policy);
    let p: ProblemRecord;
    try {
      p = await changeOnce(found, key, {
        filter: { status: 'open', round: data.round, level: found.level },
        update: next ? { $set: { level: data.to, escalateAt: next } } : { $set: { level: data.to }, $unset: { escalateAt: 1 } },
        step: { kind: 'escalate', at: now, level: data.to },
      });
    } catch (err) {
      if (err instanceof UserError) return 'stale'; // answered between our read and our write
      throw err;
    }

    // A replay rebuilds the same message (its age as of the escalation); its outbound id makes it send once.
    const at = p.steps.findLast((s) => s.kind === 'escalate' && s.level === data.to)?.at ?? now;
    const age = ageText(at.getTime() - p.raisedAt.getTime());
    const level = LEVEL_NAMES[data.to];
    const headline = someLines(
      bi(`【问题升级】${no(p.number)} 已 ${age['zh-CN']} 未答复，现转${level['zh-CN']}。`,
        `[Escalated] ${no(p.number)} has waited ${age.en} unanswered; it is now with the ${level.en}.`),
      bi(`网格：${p.gridName}（${p.grid}）`, `Grid: ${p.gridName} (${p.grid})`),
      questionLine(p),
    );
    const { notices } = await noticeToHolders(p, data.to, headline, (_to, person) => langOf(person, config.DEFAULT_LANG), now);
    await runtime.outbox.enqueue(notices.map(toOutbound), key);
    await scheduleEscalation(runtime.services, p);
    await auditOnce(key, {
      at, actorName: 'system', platform: p.origin.platform, grid: p.grid, command: ESCALATION_JOB,
      args: data, result: 'ok', detail: `escalated ${no(p.number)} to level ${data.to}`,
    });
    return `escalated to level ${data.to}`;
  },
});
