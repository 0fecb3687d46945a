import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleServer } from '../../src/web/consoleServer.js';
import Fastify from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { registerOps } from '../../src/web/pages/ops.js';
import { consoleDeps } from '../../src/web/start.js';
import { phoneOf, seedSmallDistrict } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

/*
 * /metrics as a monitoring system reads it on OPS_LISTEN: the commands the bot handled by name and
 * outcome and the reply latency, counted by the bot's own path, beside the queue depths.
 */
let t: TestApp;
let ops: ConsoleServer;

beforeAll(async () => {
  t = await startTestApp();
  await seedSmallDistrict();
  ops = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
  registerOps(ops, consoleDeps(t.app), 'public');
  await ops.ready();
}, 120_000);

afterAll(async () => {
  await ops?.close();
  await t?.close();
});

const metrics = async () => (await ops.inject({ method: 'GET', url: '/metrics' })).body;
const valueOf = (body: string, series: string) => Number(new RegExp(`^${series.replace(/[{}+.]/g, '\\$&')} (\\S+)$`, 'm').exec(body)?.[1] ?? 0);

describe('/metrics', () => {
  it('counts commands by name and outcome, and their reply latency, from the bot\'s processing', async () => {
    const before = await metrics();
    await t.say('/我的', { as: phoneOf('member1'), chat: 'JS-01' });
    await t.say('/号码', { as: phoneOf('member1'), chat: 'JS-01' });
    await t.say('/没有这个命令', { as: phoneOf('member1'), chat: 'JS-01' });
    const after = await metrics();
    const grew = (series: string) => valueOf(after, series) - valueOf(before, series);
    expect(grew('statgrid_commands_total{command="whoami",outcome="ok"}')).toBe(1);
    expect(grew('statgrid_commands_total{command="unknown",outcome="unknown"}')).toBe(1);
    expect(grew('statgrid_commands_total{command="phone",outcome="refused"}') + grew('statgrid_commands_total{command="phone",outcome="usage"}')).toBe(1);
    expect(grew('statgrid_reply_latency_seconds_count')).toBe(3);
    expect(grew('statgrid_reply_latency_seconds_bucket{le="+Inf"}')).toBe(3);
    expect(after).toMatch(/^# TYPE statgrid_reply_latency_seconds histogram$/m);
    expect(after).toMatch(/^statgrid_queue_jobs\{queue="outbound",state="waiting"\} \d+$/m);
    expect(after).toMatch(/^# TYPE statgrid_sends_throttled_total counter$/m);
    expect(after).toMatch(/^# TYPE statgrid_reminders_fired_total counter$/m);
  });
});
