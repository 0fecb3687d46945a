import { mkdirSync, mkdtempSync, cpSync, writeFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ferretdbPackage, patchFerretDB } from './ferretdb/patches.js';
import { findOnPath, freePort, run, spawnTied, stopTied, waitForPort } from './processes.js';

export const FERRETDB_VERSION = 'v1.24.2';
/** Written by `npm start` under DATA_DIR: the admin tool reuses the services it started. */
export const SERVICES_FILE = 'services.json';
const TOOLS_DIR = resolve('.tools/bin');

export interface LocalService {
  url: string;
  dir: string;
  /** Stops the service (the watchdog also stops it if we die). */
  stop(): Promise<void>;
  /** The underlying process, for resilience tests that restart it. */
  process: ChildProcess;
  restart(): Promise<void>;
}

/**
 * FerretDB's `go install` build panics at start-up (its version file is generated at release time),
 * so we build the same module from the Go proxy with that file written in, and our patches (./ferretdb/).
 * Built beside the binary and renamed over it, so running servers keep theirs.
 */
export function ensureFerretDB(): string {
  const found = findOnPath('ferretdb', [TOOLS_DIR]);
  if (found && ferretVersionOk(found)) return found;
  const src = patchedFerretDBSource();
  mkdirSync(TOOLS_DIR, { recursive: true });
  const out = join(TOOLS_DIR, 'ferretdb');
  const building = `${out}.${process.pid}.tmp`;
  run('go', ['build', '-buildvcs=false', '-o', building, './cmd/ferretdb'], src);
  renameSync(building, out);
  rmSync(src, { recursive: true, force: true });
  return out;
}

/** FerretDB's source from the Go proxy with our patches, in a new temporary folder (the caller removes it). */
export function patchedFerretDBSource(): string {
  const info = JSON.parse(
    execFileSync('go', ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${FERRETDB_VERSION}`], { encoding: 'utf8' }),
  ) as { Dir: string };
  const src = mkdtempSync(join(tmpdir(), 'ferretdb-src-'));
  cpSync(info.Dir, src, { recursive: true });
  run('chmod', ['-R', 'u+w', src]); // the module cache's copy is read-only
  writeFileSync(join(src, 'build/version/version.txt'), `${FERRETDB_VERSION}\n`);
  writeFileSync(join(src, 'build/version/package.txt'), `${ferretdbPackage()}\n`);
  patchFerretDB(src);
  return src;
}

function ferretVersionOk(binary: string): boolean {
  try {
    const version = execFileSync(binary, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return version.includes(`version: ${FERRETDB_VERSION}`) && version.includes(`package: ${ferretdbPackage()}`);
  } catch {
    return false;
  }
}

export function ensureRedisServer(): string {
  const found = findOnPath('redis-server', ['/usr/bin', '/usr/sbin']);
  if (found) return found;
  run('apt-get', ['update', '-q']);
  run('apt-get', ['install', '-y', '-q', 'redis-server']);
  const installed = findOnPath('redis-server', ['/usr/bin', '/usr/sbin']);
  if (!installed) throw new Error('redis-server is not installed and apt-get could not install it');
  return installed;
}

async function startService(
  dir: string,
  spawnIt: (port: number) => ChildProcess,
  url: (port: number) => string,
): Promise<LocalService> {
  const port = await freePort();
  let child = spawnIt(port);
  await waitForPort(port, 30_000, child);
  const service: LocalService = {
    url: url(port),
    dir,
    process: child,
    stop: () => stopTied(service.process),
    restart: async () => {
      await stopTied(service.process);
      child = spawnIt(port);
      service.process = child;
      await waitForPort(port, 30_000, child);
    },
  };
  return service;
}

/** A MongoDB-wire database: a `mongod` on PATH if there is one, else FerretDB over SQLite. */
export async function startMongo(dir: string, dbName: string): Promise<LocalService> {
  mkdirSync(dir, { recursive: true });
  const mongod = findOnPath('mongod');
  const binary = mongod ?? ensureFerretDB();
  return startService(
    dir,
    (port) =>
      mongod
        ? spawnTied(binary, ['--dbpath', dir, '--bind_ip', '127.0.0.1', '--port', String(port)], join(dir, 'mongod.log'))
        : spawnTied(
            binary,
            [
              '--handler=sqlite',
              `--sqlite-url=file:${dir}/`,
              `--listen-addr=127.0.0.1:${port}`,
              '--telemetry=disable',
              '--debug-addr=-',
              `--state-dir=${dir}`,
              '--log-level=warn',
              // FerretDB hands `find` and `aggregate` filters on dotted paths (`memberships.grid`) to the backend
              // only with this flag; our prefilter takes them (src/embedded/ferretdb/README.md)
              '--test-enable-nested-pushdown',
            ],
            join(dir, 'ferretdb.log'),
          ),
    (port) => `mongodb://127.0.0.1:${port}/${dbName}`,
  );
}

/** Redis with an append-only file when `persistent`, so reminders survive a restart. */
export async function startRedis(dir: string, persistent: boolean): Promise<LocalService> {
  mkdirSync(dir, { recursive: true });
  const binary = ensureRedisServer();
  return startService(
    dir,
    (port) =>
      spawnTied(
        binary,
        [
          '--port', String(port),
          '--bind', '127.0.0.1',
          '--dir', dir,
          '--appendonly', persistent ? 'yes' : 'no',
          '--save', '',
          '--maxmemory-policy', 'noeviction',
          '--daemonize', 'no',
        ],
        join(dir, 'redis.log'),
      ),
    (port) => `redis://127.0.0.1:${port}`,
  );
}

export interface LocalStack {
  mongoUri: string;
  redisUrl: string;
  mongo?: LocalService;
  redis?: LocalService;
  stop(): Promise<void>;
}

/**
 * Starts whatever the configuration leaves unset. `npm start` keeps data under DATA_DIR; tests pass
 * a fresh temporary folder.
 */
export async function startLocalStack(opts: {
  mongoUri?: string;
  redisUrl?: string;
  dataDir: string;
  persistent: boolean;
  dbName?: string;
}): Promise<LocalStack> {
  const dataDir = resolve(opts.dataDir);
  const [mongo, redis] = await Promise.all([
    opts.mongoUri ? undefined : startMongo(join(dataDir, 'mongo'), opts.dbName ?? 'statgrid'),
    opts.redisUrl ? undefined : startRedis(join(dataDir, 'redis'), opts.persistent),
  ]);
  return {
    mongoUri: opts.mongoUri ?? mongo!.url,
    redisUrl: opts.redisUrl ?? redis!.url,
    mongo,
    redis,
    stop: async () => {
      await Promise.all([mongo?.stop(), redis?.stop()]);
    },
  };
}

export function freshTempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export const hasLocalData = (dataDir: string) => existsSync(join(resolve(dataDir), 'mongo'));
