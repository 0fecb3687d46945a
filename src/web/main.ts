import { createApp } from '../app.js';
import { ConfigError, loadConfig } from '../config.js';
import { runningServices } from '../embedded/runningServices.js';
import { initLogger, logger } from '../logger.js';
import { startWebConsole } from './start.js';

/**
 * `npm run web`: the console as its own process beside the bot, on the same MongoDB and Redis
 * (MONGODB_URI and REDIS_URL, or those a running `npm start` published). It runs no workers.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  initLogger(config.LOG_LEVEL);
  const running = await runningServices(config.DATA_DIR);
  const mongoUri = config.MONGODB_URI ?? running.mongoUri;
  const redisUrl = config.REDIS_URL ?? running.redisUrl;
  if (!mongoUri || !redisUrl) throw new ConfigError('Set MONGODB_URI and REDIS_URL, or start the bot (npm start) first.');
  const app = await createApp({ config, mongoUri, redisUrl });
  const web = await startWebConsole(app, config);
  process.stdout.write(`网页后台：${web.url}\n`);
  const stop = async () => {
    await web.close();
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((err) => {
  logger.fatal({ err }, 'web console start-up failed');
  process.stderr.write(`网页后台启动失败 / web console failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
