import { collectDefaultMetrics, Gauge, Registry, type Metric } from 'prom-client';
import { LATENCY_BUCKETS, readWorkCounts } from '../../metrics/workCounts.js';
import { storeReachable } from '../../store/connect.js';
import type { Access, ConsoleDeps, ConsoleServer } from '../consoleServer.js';

const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const;

type Sample = { labels?: Record<string, string | number>; value: number; metricName?: string };

/** A metric family read from the counts every bot process adds to (`metrics/workCounts.ts`) at each scrape. */
function countedFamily(deps: ConsoleDeps, name: string, help: string, type: 'counter' | 'histogram', samples: (counts: Awaited<ReturnType<typeof readWorkCounts>>) => Sample[]) {
  const get = async () => ({ name, help, type, aggregator: 'sum', values: samples(await readWorkCounts(deps.app.services)) });
  return { name, help, type, get } as unknown as Metric;
}

const of = (counts: Awaited<ReturnType<typeof readWorkCounts>>, kind: string) => counts.filter((c) => c.parts[0] === kind);

/** Prometheus metrics of this process, the queues it shares with the bot, and the work the bot counted. */
function metricsRegistry(deps: ConsoleDeps): Registry {
  const { app } = deps;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'statgrid_web_' });
  new Gauge({
    name: 'statgrid_queue_jobs',
    help: 'Jobs in each BullMQ queue by state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      for (const name of ['inbound', 'outbound', ...app.queues.keys()].filter((n, i, all) => all.indexOf(n) === i)) {
        const counts = await app.queue(name).getJobCounts(...JOB_STATES);
        for (const state of JOB_STATES) this.set({ queue: name, state }, counts[state] ?? 0);
      }
    },
  });
  registry.registerMetric(countedFamily(deps, 'statgrid_commands_total', 'Chat commands handled, by command and outcome', 'counter',
    (counts) => of(counts, 'command').map(({ parts: [, command, outcome], value }) => ({ labels: { command: command!, outcome: outcome! }, value }))));
  registry.registerMetric(countedFamily(deps, 'statgrid_reply_latency_seconds', 'From a message received to its replies queued', 'histogram', (counts) => {
    const latency = new Map(of(counts, 'latency').map((c) => [c.parts[1]!, c.value]));
    return [
      ...LATENCY_BUCKETS.map((le) => ({ metricName: 'statgrid_reply_latency_seconds_bucket', labels: { le }, value: latency.get(String(le)) ?? 0 })),
      { metricName: 'statgrid_reply_latency_seconds_bucket', labels: { le: '+Inf' }, value: latency.get('count') ?? 0 },
      { metricName: 'statgrid_reply_latency_seconds_sum', value: latency.get('sum') ?? 0 },
      { metricName: 'statgrid_reply_latency_seconds_count', value: latency.get('count') ?? 0 },
    ];
  }));
  registry.registerMetric(countedFamily(deps, 'statgrid_sends_throttled_total', 'Sends a platform refused for its rate limit, by platform and scope', 'counter',
    (counts) => of(counts, 'throttled').map(({ parts: [, platform, scope], value }) => ({ labels: { platform: platform!, scope: scope! }, value }))));
  registry.registerMetric(countedFamily(deps, 'statgrid_reminders_fired_total', 'Reminders sent, by kind, on time or late (the bot was down at their time)', 'counter',
    (counts) => of(counts, 'reminder').map(({ parts: [, kind, fate], value }) => ({ labels: { kind: kind!, fate: fate! }, value }))));
  return registry;
}

/**
 * `/healthz` (the database and Redis answer, and some process works the queues) and `/metrics`:
 * on the console behind a bureau admin's session, on OPS_LISTEN for a monitoring system without one.
 */
export function registerOps(server: ConsoleServer, deps: ConsoleDeps, access: Access): void {
  const registry = metricsRegistry(deps);
  server.get('/healthz', { config: { access } }, async (_req, reply) => {
    const [store, redis, workers] = await Promise.all([
      storeReachable(),
      deps.app.services.redis.ping().then(() => true, () => false),
      deps.app.queue('inbound').getWorkersCount().catch(() => 0),
    ]);
    const ok = store && redis && workers > 0;
    return reply.code(ok ? 200 : 503).send({ ok, store, redis, workers });
  });
  server.get('/metrics', { config: { access } }, async (_req, reply) => reply.type(registry.contentType).send(await registry.metrics()));
}
