import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { ESCALATION_JOB, ESCALATION_QUEUE, scheduleEscalation } from '../../src/problems/escalation.js';
import { AuditLogModel } from '../../src/store/models/auditLog.js';
import { ProblemModel } from '../../src/store/models/problem.js';
import { phoneOf, seedSmallDistrict } from '../support/fixtures.js';
import { startTestApp, waitFor, type TestApp } from '../support/testApp.js';

const china = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
const clock = new ManualClock(china('2026-12-01 10:00'));
let t: TestApp;

/** Closes the app and starts a new one on the same database and queue prefix, as a restarted process would. */
async function restart(): Promise<void> {
  const dbName = t.dbName;
  await t.close();
  t = await startTestApp({ clock, dbName });
}
const sentTo = (chat: string) => t.sender.sent.filter((m) => m.chatId === chat && m.text.includes('Q-0001'));

beforeAll(async () => {
  t = await startTestApp({ clock });
  await seedSmallDistrict();
});
afterAll(() => t.close());

describe('escalations across restarts', () => {
  it('survive a restart, fire on time, and never twice', async () => {
    expect(await t.say('/问题 月报里的期末人数怎么填？', { as: phoneOf('member1'), chat: 'JS-01' })).toEqual([
      expect.stringContaining('已收到问题 Q-0001'),
    ]);
    await restart();
    clock.set(china('2026-12-03 10:00'));
    await t.runDelayed(ESCALATION_QUEUE);
    const street = await waitFor(() => sentTo('JS')[0], 10_000, 'the street message');
    expect(street.text).toContain('【问题升级】Q-0001 已 2天 未答复，现转街道。');

    // The same escalation again: scheduled anew under its id (ignored: it fired), or run by a second job.
    const p = (await ProblemModel.findOne({ number: 1 }).lean())!;
    await scheduleEscalation(t.app.services, { ...p, level: 3, round: 0, status: 'open' });
    await t.app.queue(ESCALATION_QUEUE).add(ESCALATION_JOB, { number: 1, round: 0, to: 2 }, { jobId: 'a-second-run' });
    await t.runDelayed(ESCALATION_QUEUE);
    await t.runDelayed('outbound');
    expect(sentTo('JS')).toHaveLength(1);
    await restart();
    await t.runDelayed(ESCALATION_QUEUE);
    await t.runDelayed('outbound');
    expect(sentTo('JS')).toHaveLength(0); // nothing more after the restart
    const after = (await ProblemModel.findOne({ number: 1 }).lean())!;
    expect(after.steps.filter((s) => s.kind === 'escalate')).toHaveLength(1);
    expect(await AuditLogModel.countDocuments({ command: ESCALATION_JOB })).toBe(1);

    clock.set(china('2026-12-08 10:00'));
    await t.runDelayed(ESCALATION_QUEUE);
    const bureau = await waitFor(() => sentTo('OH')[0], 10_000, 'the bureau message');
    expect(bureau.text).toContain('【问题升级】Q-0001 已 7天 未答复，现转区统计局。');
    await restart();
    await t.runDelayed(ESCALATION_QUEUE);
    expect(sentTo('OH')).toHaveLength(0);
    expect((await ProblemModel.findOne({ number: 1 }).lean())!.level).toBe(1);
  });
});
