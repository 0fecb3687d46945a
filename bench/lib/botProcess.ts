import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DingTalkFake } from '../../tests/fakes/dingtalkFake.js';
import { fakeEnv } from '../../tests/fakes/env.js';
import type { LarkFake } from '../../tests/fakes/larkFake.js';
import type { BenchServices } from './services.js';
import { processMemory } from './services.js';

/** The bot as it is deployed (`npm start`'s entry), and the echo baseline. */
export const BOT_ENTRY = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
export const ECHO_ENTRY = fileURLToPath(new URL('./echoBot.ts', import.meta.url));

export interface BotProcess {
  pid: number;
  /** Rejects if the process ends before `stop` is called (a crash at start-up, say). */
  running: Promise<never>;
  memory(): { rss: number; peak: number };
  stop(): Promise<void>;
}

/**
 * Environment of a bot under test: the section's services, the fakes' credentials and URLs, no demo
 * seed, no reminder schedulers unless asked, errors only in the log, and `extra` on top (send limits).
 */
export function botEnv(services: BenchServices, fakes: { lark?: LarkFake; dingtalk?: DingTalkFake }, extra: Record<string, string> = {}): Record<string, string> {
  const dataDir = `${services.dir}/bot`;
  mkdirSync(dataDir, { recursive: true });
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    MONGODB_URI: services.mongoUri,
    REDIS_URL: services.redisUrl,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'error',
    SEED_DEMO: 'no',
    REMINDERS: 'off',
    ...fakeEnv(fakes),
    ...extra,
  };
}

/**
 * Starts a bot in its own Node process (so its memory is its own and the load generator and fakes
 * do not share its event loop). It is up once the fakes see its connections.
 */
export function spawnBot(entry: string, env: Record<string, string>): BotProcess {
  // To profile the bot: BENCH_BOT_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npx tsx bench/commands.ts
  const nodeArgs = process.env.BENCH_BOT_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  let stopping = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = exited.then(() => {
    throw new Error(stopping ? 'bot stopped' : `bot process ${entry} exited with code ${child.exitCode}`);
  });
  running.catch(() => undefined);
  return {
    pid: child.pid!,
    running,
    memory: () => processMemory(child.pid!),
    stop: async () => {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resolves once every given fake has a connection from the bot; fails if the bot dies first. */
export async function botConnected(bot: BotProcess, fakes: Array<{ connected(count?: number, timeoutMs?: number): Promise<void> }>): Promise<void> {
  await Promise.race([Promise.all(fakes.map((f) => f.connected(1, 180_000))), bot.running]);
}
