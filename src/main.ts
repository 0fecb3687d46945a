import { chmodSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { createApp } from './app.js';
import { OffsetClock, systemClock } from './core/clock.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { startHousekeeping } from './housekeeping.js';
import { initLogger, logger } from './logger.js';
import { ConsoleChat, CONSOLE_PLATFORM } from './platforms/console/consoleChat.js';
import { platformsConfigured, startPlatformAdapters } from './platforms/start.js';
import { isEmptyDistrict, seedDemoDistrict } from './seed/demoDistrict.js';
import { SERVICES_FILE, startLocalStack } from './embedded/localServices.js';
import { startWebConsole, type RunningConsole } from './web/start.js';

// Between full collections V8 lets the old generation grow to up to 4× what was live, and more so
// when the machine is busy (collections look slow): under load the bot's RSS drifted from 230 MB
// to 300 MB with ~60 MB live. A fixed growth keeps it near the live size (bench/memory.ts). 60%,
// not 30%: at 30% a full collection came every 2 s at 200 commands/s, and each one's marking held
// up every message for a quarter of a second (the p99); at 60% one comes every ~7 s, for the same RSS.
setFlagsFromString('--heap-growing-percent=60');

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

/** The console beside the bot; a port already taken costs the console, not the bot. */
async function startWeb(app: Awaited<ReturnType<typeof createApp>>, config: Config): Promise<RunningConsole | undefined> {
  try {
    const web = await startWebConsole(app, config);
    logger.info({ url: web.url }, 'web console listening');
    process.stdout.write(`网页后台：${web.url}（在聊天中发送 /后台 获取登录链接）\n`);
    return web;
  } catch (err) {
    logger.warn({ err }, 'web console not started');
    process.stdout.write(`网页后台未能启动：${err instanceof Error ? err.message : String(err)}\n`);
    return undefined;
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const config = readConfig();
  const consoleMode = !platformsConfigured(config);
  // The console chat owns the terminal, so its logs go to a file.
  initLogger(config.LOG_LEVEL, consoleMode ? join(config.DATA_DIR, 'bot.log') : undefined);
  if (consoleMode) process.stdout.write('正在启动本地服务（首次启动需编译 FerretDB，约一两分钟）…\n');

  const stack = await startLocalStack({
    mongoUri: config.MONGODB_URI,
    redisUrl: config.REDIS_URL,
    dataDir: config.DATA_DIR,
    persistent: true,
  });
  const servicesFile = join(config.DATA_DIR, SERVICES_FILE);
  // It may hold database passwords: readable by the bot's user only (chmod too, for a file left by an older run).
  writeFileSync(servicesFile, JSON.stringify({ mongoUri: stack.mongoUri, redisUrl: stack.redisUrl }), { mode: 0o600 });
  chmodSync(servicesFile, 0o600);
  // The console demo's clock can be moved forward (:time) to watch escalations and reminders come due.
  const clock = consoleMode ? new OffsetClock() : systemClock;
  const app = await createApp({ config, mongoUri: stack.mongoUri, redisUrl: stack.redisUrl, clock });
  const seed = config.SEED_DEMO === 'yes' || (config.SEED_DEMO === 'auto' && consoleMode);
  if (seed && (await isEmptyDistrict())) {
    const summary = await seedDemoDistrict(undefined, clock.now());
    logger.info(summary, 'demo district seeded');
    if (consoleMode) {
      process.stdout.write(`已生成演示区：${summary.streets} 个镇街、${summary.grids} 个网格、${summary.surveyObjects} 个调查对象、${summary.members} 名成员。\n`);
    }
  }

  const housekeeping = startHousekeeping();
  const chat = consoleMode ? new ConsoleChat(app, process.stdin, process.stdout) : undefined;
  if (chat) app.senders.register(CONSOLE_PLATFORM, chat);
  const adapters = consoleMode ? [] : await startPlatformAdapters(app, config);
  await app.startWorkers();
  // On the embedded default the web console runs in this process; production runs `npm run web` beside it.
  const web = !config.MONGODB_URI && !config.REDIS_URL ? await startWeb(app, config) : undefined;

  let stopping = false;
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    chat?.stop();
    await Promise.all(adapters.map((a) => a.stop()));
    housekeeping.stop();
    await web?.close();
    await app.close();
    await stack.stop();
    rmSync(servicesFile, { force: true });
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  logger.info({ ms: Date.now() - started, consoleMode }, 'bot started');
  if (chat) {
    process.stdout.write(`启动用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒。\n`);
    await chat.start();
    await chat.closed;
    await shutdown('console closed');
  }
}

main().catch((err) => {
  logger.fatal({ err }, 'start-up failed');
  process.stderr.write(`启动失败 / start-up failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
