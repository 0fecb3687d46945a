import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { createApp } from '../app.js';
import { ConfigError, loadConfig } from '../config.js';
import { loadFolder } from '../core/loadModules.js';
import { initLogger } from '../logger.js';
import { SERVICES_FILE, startLocalStack } from '../embedded/localServices.js';
import type { AdminTask } from './task.js';

/** The URLs a running `npm start` published, so the admin tool talks to the same services. */
function runningServices(dataDir: string): { mongoUri: string; redisUrl: string } | undefined {
  try {
    return JSON.parse(readFileSync(join(dataDir, SERVICES_FILE), 'utf8'));
  } catch {
    return undefined;
  }
}

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  const tasks = await loadFolder<AdminTask>('src/admin/tasks');
  const task = tasks.find((t) => t.name === name);
  if (!task) {
    console.log('Usage: npm run admin -- TASK [ARGS]\n');
    for (const t of tasks) console.log(`  ${t.usage.padEnd(58)} ${t.summary}`);
    return name ? 2 : 0;
  }
  const config = loadConfig();
  initLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const running = runningServices(config.DATA_DIR);
  const stack = await startLocalStack({
    mongoUri: config.MONGODB_URI ?? (await reachable(running?.mongoUri)),
    redisUrl: config.REDIS_URL ?? (await reachable(running?.redisUrl)),
    dataDir: config.DATA_DIR,
    persistent: true,
  });
  const app = await createApp({ config, mongoUri: stack.mongoUri, redisUrl: stack.redisUrl });
  try {
    return await task.run(args, app, (line) => console.log(line));
  } finally {
    await app.close();
    await stack.stop();
  }
}

async function reachable(url: string | undefined): Promise<string | undefined> {
  if (!url) return undefined;
  const { connect } = await import('node:net');
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(u.port), u.hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(url);
    });
    socket.once('error', () => resolve(undefined));
  });
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof ConfigError ? err.message : `admin failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
