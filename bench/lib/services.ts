import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freshTempDir, startMongo, startRedis, type LocalService } from '../../src/embedded/localServices.js';

/** The services a section started for itself, in a temporary folder removed afterwards. */
export interface BenchServices {
  dir: string;
  mongoUri: string;
  redisUrl: string;
  mongo?: LocalService;
  redis?: LocalService;
  /** "FerretDB 1.24 (SQLite)", or the MongoDB given in MONGODB_URI. */
  database: string;
}

/**
 * Starts a fresh FerretDB and/or Redis (a MongoDB in MONGODB_URI is used instead, as the other
 * benchmarks allow), runs `fn`, and stops and removes them whatever happens.
 */
export async function withServices<T>(need: { mongo?: boolean; redis?: boolean }, fn: (s: BenchServices) => Promise<T>): Promise<T> {
  const dir = freshTempDir('statgrid-bench-');
  const external = process.env.MONGODB_URI;
  let mongo: LocalService | undefined;
  let redis: LocalService | undefined;
  try {
    [mongo, redis] = await Promise.all([
      need.mongo && !external ? startMongo(join(dir, 'mongo'), 'bench') : undefined,
      need.redis ? startRedis(join(dir, 'redis'), false) : undefined,
    ]);
    const database = need.mongo ? (external ? external.replace(/\/\/[^@]*@/, '//') : 'FerretDB 1.24 (SQLite)') : '';
    return await fn({ dir, mongoUri: external ?? mongo?.url ?? '', redisUrl: redis?.url ?? '', mongo, redis, database });
  } finally {
    await Promise.all([mongo?.stop(), redis?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Resident memory now and at its peak (VmRSS, VmHWM) of a process, in bytes (Linux). */
export function processMemory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** The server process of a service we started (the child of its watchdog shell), if it can be told (Linux). */
export function servicePid(service: LocalService | undefined): number | undefined {
  try {
    const shell = service!.process.pid!;
    const [pid] = readFileSync(`/proc/${shell}/task/${shell}/children`, 'utf8').trim().split(/\s+/);
    return pid ? Number(pid) : undefined;
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) a process has used so far (Linux; clock ticks of 10 ms). */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** CPU time of named processes over a stretch of work: call `start`, do the work, call `used`. */
export class CpuMeter {
  private before: number[] = [];
  constructor(private readonly pids: Array<[string, number | undefined]>) {}

  start(): void {
    this.before = this.pids.map(([, pid]) => cpuSeconds(pid));
  }

  /** CPU ms per unit of work for each process, e.g. "bot 12.0, FerretDB 30.1". */
  perUnit(units: number): string {
    return this.pids.map(([name, pid], i) => `${name} ${(((cpuSeconds(pid) - this.before[i]!) * 1000) / units).toFixed(1)}`).join(', ');
  }
}
