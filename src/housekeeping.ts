import cron from 'node-cron';
import { logger } from './logger.js';
import { purgeExpired } from './store/connect.js';

/**
 * In-process ticks only (nothing here must survive a restart): purge expired de-duplication
 * records on backends without TTL indexes.
 */
export function startHousekeeping(): { stop(): void } {
  const task = cron.schedule('*/10 * * * *', () => {
    purgeExpired().catch((err) => logger.warn({ err }, 'purge of expired records failed'));
  });
  return { stop: () => void task.stop() };
}
