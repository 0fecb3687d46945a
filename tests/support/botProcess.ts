import { spawn, type ChildProcess } from 'node:child_process';
import { freshTempDir } from '../../src/embedded/localServices.js';
import type { DingTalkFake } from '../fakes/dingtalkFake.js';
import { fakeEnv } from '../fakes/env.js';
import type { LarkFake } from '../fakes/larkFake.js';
import { UNLIMITED } from './testApp.js';

export interface BotProcess {
  child: ChildProcess;
  /** Resolves with the exit code (null when a signal ended it) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Its DATA_DIR (where it writes services.json). */
  dataDir: string;
}

/**
 * `npm start` as a separate process, connected to the fakes, on the given database and Redis (a
 * Redis database of its own: the bot uses its default queue prefix). Its stderr (logs at `LOG_LEVEL`,
 * warn by default) goes to `onLog`, to show when a test fails.
 */
export function spawnBot(o: {
  mongoUri: string;
  redisUrl: string;
  lark?: LarkFake;
  dingtalk?: DingTalkFake;
  env?: Record<string, string>;
  onLog?: (text: string) => void;
}): BotProcess {
  const dataDir = freshTempDir('statgrid-bot-');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      ...fakeEnv({ lark: o.lark, dingtalk: o.dingtalk }),
      MONGODB_URI: o.mongoUri,
      REDIS_URL: o.redisUrl,
      DATA_DIR: dataDir,
      SEED_DEMO: 'no',
      LOG_LEVEL: 'warn',
      COMMANDS_PER_MINUTE: UNLIMITED,
      ...o.env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (chunk: Buffer) => o.onLog?.(chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, dataDir };
}

/** Resolves once the fakes have `count` connections; rejects, with the bots' log, if the bot exits first. */
export async function botConnected(
  bot: BotProcess,
  fakes: Array<{ connected(count?: number, timeoutMs?: number): Promise<void> }>,
  log: () => string,
  count = 1,
): Promise<void> {
  const died = bot.exited.then(({ code, signal }) => {
    throw new Error(`the bot exited (${code ?? signal}) before connecting\n${log()}`);
  });
  await Promise.race([Promise.all(fakes.map((f) => f.connected(count, 60_000))), died]);
}

/** True while a process of this id exists (signal 0 only checks). */
export function isRunning(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
