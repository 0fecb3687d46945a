import type { Logger } from 'pino';

/** Keys whose values never reach a log (the SDKs log request configs and error bodies as they are). */
const SECRET_KEY = /secret|token|authorization|password|ticket|session|webhook/i;

/** One log line from whatever a platform SDK passes its logger, with secrets blanked. */
export function describeForLog(value: unknown): string {
  if (Array.isArray(value)) return value.map(describeForLog).join(' ');
  if (typeof value === 'string') return value;
  if (value instanceof Error) {
    const response = (value as { response?: { status?: number; data?: { code?: unknown } } }).response;
    const parts = [value.message];
    if (response?.status) parts.push(`status ${response.status}`);
    if (response?.data?.code !== undefined) parts.push(`code ${String(response.data.code)}`);
    return parts.join(', ');
  }
  try {
    return JSON.stringify(value, (key, v) => (SECRET_KEY.test(key) ? '[redacted]' : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * A logger object in the shape the Lark SDK expects, writing to ours. `quiet` sends everything to
 * debug: for the API client, whose failures the outbound queue judges and reports itself.
 */
export function sdkLogger(log: Logger, quiet = false) {
  if (quiet) {
    const debug = (...msg: unknown[]) => log.debug(describeForLog(msg));
    return { error: debug, warn: debug, info: debug, debug, trace: (...msg: unknown[]) => log.trace(describeForLog(msg)) };
  }
  return {
    error: (...msg: unknown[]) => log.error(describeForLog(msg)),
    warn: (...msg: unknown[]) => log.warn(describeForLog(msg)),
    info: (...msg: unknown[]) => log.info(describeForLog(msg)),
    debug: (...msg: unknown[]) => log.debug(describeForLog(msg)),
    trace: (...msg: unknown[]) => log.trace(describeForLog(msg)),
  };
}
