import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { storeReachable } from '../../store/connect.js';
import type { Access, ConsoleDeps, ConsoleServer } from '../consoleServer.js';

const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const;

/** Prometheus metrics of this process and the queues it shares with the bot. */
function metricsRegistry({ app }: ConsoleDeps): Registry {
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
