import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { loadJobs } from '../../core/loadModules.js';
import type { ConsoleDeps, ConsoleServer } from '../consoleServer.js';

/** 队列: bull-board over every queue a job runs on, for bureau admins (`authorize` keeps /queues to them). */
export async function registerQueues(server: ConsoleServer, { app }: ConsoleDeps): Promise<void> {
  const names = [...new Set((await loadJobs()).map((j) => j.queue))];
  const board = new FastifyAdapter();
  createBullBoard({ queues: names.map((n) => new BullMQAdapter(app.queue(n))), serverAdapter: board.setBasePath('/queues') });
  await server.register(board.registerPlugin(), { prefix: '/queues' });
}
