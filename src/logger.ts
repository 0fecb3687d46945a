import { pino, type Logger } from 'pino';

const redact = {
  paths: ['*.appSecret', '*.clientSecret', '*.app_secret', '*.token', '*.accessToken', '*.authorization', '*.phone'],
  censor: '[redacted]',
};

/** The process logger (live binding): JSON lines to stderr until `initLogger` points it elsewhere. */
export let logger: Logger = pino({ level: process.env.LOG_LEVEL ?? 'warn', redact }, pino.destination(2));

/** The console chat owns the terminal, so it sends logs to a file instead. */
export function initLogger(level: string, file?: string): Logger {
  const dest = file ? pino.destination({ dest: file, mkdir: true, sync: false }) : pino.destination(2);
  logger = pino({ level, redact }, dest);
  return logger;
}
