import { createApp } from '../app.js';
import { ConfigError, loadConfig } from '../config.js';
import { loadFolder } from '../core/loadModules.js';
import { initLogger } from '../logger.js';
import { startLocalStack } from '../embedded/localServices.js';
import { runningServices } from '../embedded/runningServices.js';
import type { AdminTask } from './task.js';

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
  const running = await runningServices(config.DATA_DIR);
  const stack = await startLocalStack({
    mongoUri: config.MONGODB_URI ?? running.mongoUri,
    redisUrl: config.REDIS_URL ?? running.redisUrl,
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

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof ConfigError ? err.message : `admin failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
