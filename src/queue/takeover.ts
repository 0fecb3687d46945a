import { randomUUID } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { Job, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { logger } from '../logger.js';

/** What a running bot process says of itself in Redis: where it runs, and its BullMQ workers' ids. */
interface InstanceRecord {
  host: string;
  /** The process's pid namespace (Linux): a pid means something only inside the same one. */
  pidSpace: string;
  pid: number;
  /** This process's own id: several apps in one process (tests) share its pid and are alive. */
  processId: string;
  workers: string[];
}

const PROCESS_ID = randomUUID();

export interface TakeoverOptions {
  /** `WORKER_LOCK_MS`: how long a process may go silent before it counts as dead. */
  lockMs: number;
  /** `WORKER_STALLED_CHECK_MS`: how often the active jobs are looked at. */
  checkMs: number;
}

function pidSpace(): string {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return '';
  }
}

function pidRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes over what a dead process held, sooner than BullMQ alone. BullMQ's stalled check moves a
 * job only when one pass saw it active and the next finds its lock gone, and a restarted process's
 * first pass is refused while the dead one's last pass is under `WORKER_STALLED_CHECK_MS` old: up
 * to lock + 2 × check interval, more after a restart. Here each process registers its workers and
 * keeps a heartbeat; at start and every check interval it moves back to wait (BullMQ's own
 * active-to-wait script, checked against the lock's token, so a job another worker took meanwhile stays):
 * - the jobs of a process known dead: its heartbeat lapsed (`WORKER_LOCK_MS`) or, on this machine
 *   (same pid namespace), its pid is gone or is ours (a restarted container);
 * - active jobs whose lock lapsed, in one pass instead of BullMQ's two.
 */
export class Takeover {
  readonly id = randomUUID();
  private readonly me: InstanceRecord;
  private timers: NodeJS.Timeout[] = [];
  private sweeping?: Promise<number>;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly queues: Queue[],
    workers: string[],
    private readonly opts: TakeoverOptions,
  ) {
    this.me = { host: hostname(), pidSpace: pidSpace(), pid: process.pid, processId: PROCESS_ID, workers };
  }

  private get registry(): string {
    return `${this.prefix}:instances`;
  }

  private heartbeatKey(id: string): string {
    return `${this.prefix}:instance:${id}`;
  }

  /** Registers this process, takes over what dead ones left, and keeps doing both. */
  async start(): Promise<void> {
    await this.beat();
    await this.sweep();
    const beat = setInterval(() => void this.beat().catch((err) => logger.warn({ err }, 'instance heartbeat failed')), this.opts.lockMs / 3);
    const sweep = setInterval(() => void this.sweep().catch((err) => logger.warn({ err }, 'takeover sweep failed')), this.opts.checkMs);
    this.timers = [beat, sweep];
    for (const t of this.timers) t.unref();
  }

  /** Deregisters (after the workers closed: nothing is held any more). */
  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    await this.sweeping?.catch(() => undefined);
    await this.redis.multi().hdel(this.registry, this.id).del(this.heartbeatKey(this.id)).exec();
  }

  /** Registered again each time: a process judged dead while it stalled comes back. */
  private async beat(): Promise<void> {
    await this.redis.multi().set(this.heartbeatKey(this.id), '1', 'PX', this.opts.lockMs).hset(this.registry, this.id, JSON.stringify(this.me)).exec();
  }

  /** One pass; returns how many jobs it moved back to wait. */
  sweep(): Promise<number> {
    this.sweeping ??= this.sweepOnce().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweepOnce(): Promise<number> {
    const deadWorkers = await this.deadWorkers();
    let moved = 0;
    for (const queue of this.queues) moved += await this.takeOver(queue, deadWorkers);
    if (moved) logger.warn({ moved }, 'took over the jobs of a dead process');
    return moved;
  }

  /** The worker ids of registered processes known dead (their entries are dropped). */
  private async deadWorkers(): Promise<Set<string>> {
    const entries = Object.entries(await this.redis.hgetall(this.registry)).filter(([id]) => id !== this.id);
    const dead = new Set<string>();
    for (const [id, json] of entries) {
      const other = JSON.parse(json) as InstanceRecord;
      const here = other.host === this.me.host && other.pidSpace === this.me.pidSpace && this.me.pidSpace !== '';
      // A lapsed heartbeat counts everywhere (a pid may have been reused on this machine).
      const predecessor = other.pid === process.pid && other.processId !== PROCESS_ID;
      const gone = (here && (predecessor || !pidRunning(other.pid))) || !(await this.redis.exists(this.heartbeatKey(id)));
      if (!gone) continue;
      for (const w of other.workers) dead.add(w);
      await this.redis.multi().hdel(this.registry, id).del(this.heartbeatKey(id)).exec();
    }
    return dead;
  }

  private async takeOver(queue: Queue, deadWorkers: Set<string>): Promise<number> {
    const active = (await this.redis.lrange(queue.toKey('active'), 0, -1)).filter((id) => !id.startsWith('0:'));
    if (!active.length) return 0;
    const locks = await this.redis.mget(active.map((id) => `${queue.toKey(id)}:lock`));
    let moved = 0;
    for (const [i, id] of active.entries()) {
      let token = locks[i];
      if (token && !deadWorkers.has(token.slice(0, token.lastIndexOf(':')))) continue;
      if (!token) {
        // Lapsed: held by our own token for the move, so no stalled check or other process moves it too.
        token = `takeover-${this.id}`;
        if ((await this.redis.set(`${queue.toKey(id)}:lock`, token, 'PX', 5000, 'NX')) !== 'OK') continue;
      }
      const job = await Job.fromId(queue, id);
      if (!job) continue;
      try {
        await job.moveToWait(token);
        moved++;
      } catch (err) {
        logger.debug({ err, jobId: id, queue: queue.name }, 'job not taken over (moved or finished meanwhile)');
      }
    }
    return moved;
  }
}
