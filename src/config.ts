import { existsSync } from 'node:fs';
import { z } from 'zod';
import dotenv from 'dotenv';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const urlOrUnset = (what: string) =>
  optionalString.refine((v) => v === undefined || /^[a-z][a-z0-9+.-]*:\/\//i.test(v), {
    message: `expected ${what}`,
  });

const perWindow = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const timeZone = z
  .string()
  .default('Asia/Shanghai')
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'expected an IANA time zone such as Asia/Shanghai');

const WORKING_DAYS = 'expected a whole number of working days from 1 to 30';
const workingDays = (fallback: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number({ error: WORKING_DAYS }).int({ error: WORKING_DAYS }).min(1, WORKING_DAYS).max(30, WORKING_DAYS).default(fallback),
  );

/** Every variable the bot reads; `.env.example` documents the same list with the same defaults. */
export const configSchema = z.object({
  MONGODB_URI: urlOrUnset('a MongoDB URI such as mongodb://127.0.0.1:27017/statgrid'),
  REDIS_URL: urlOrUnset('a Redis URL such as redis://127.0.0.1:6379'),
  DATA_DIR: z.string().default('./data'),
  TZ: timeZone,
  DEFAULT_LANG: z.enum(['zh-CN', 'en']).default('zh-CN'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED_DEMO: z.enum(['auto', 'yes', 'no']).default('auto'),
  /** Plan calendar reminders (monthly report, returns, activities…) from job schedulers; tests turn it off. */
  REMINDERS: z.enum(['on', 'off']).default('on'),
  PROBLEM_ESCALATE_GRID_DAYS: workingDays(2),
  PROBLEM_ESCALATE_STREET_DAYS: workingDays(3),
  /** Level-3 grids: at most this many survey objects, and industries smaller than GRID_MERGE_BELOW merged across industries. */
  GRID_MAX_SIZE: z.coerce.number().int().min(1).default(20),
  GRID_MERGE_BELOW: z.coerce.number().int().min(1).default(5),
  LARK_APP_ID: optionalString.refine((v) => v === undefined || /^cli_[0-9a-f]{16}$/i.test(v), {
    message: 'expected a Lark app id: cli_ and 16 hex digits',
  }),
  LARK_APP_SECRET: optionalString,
  LARK_DOMAIN: z.string().default('https://open.feishu.cn'),
  /** Registration checks the sender's mobile with Lark's contact API (needs contact:user.phone:readonly). */
  LARK_CONTACT_MOBILE: z.enum(['on', 'off']).default('off'),
  DINGTALK_CLIENT_ID: optionalString,
  DINGTALK_CLIENT_SECRET: optionalString,
  DINGTALK_ROBOT_CODE: optionalString,
  DINGTALK_GATEWAY_URL: z.string().default('https://api.dingtalk.com/v1.0/gateway/connections/open'),
  DINGTALK_API_BASE: z.string().default('https://api.dingtalk.com'),
  /** The old OpenAPI host: staff records (topapi/v2/user/get) and media upload. */
  DINGTALK_OAPI_BASE: z.string().default('https://oapi.dingtalk.com'),
  /** Registration checks the sender's mobile in their DingTalk staff record (needs the phone permission). */
  DINGTALK_STAFF_MOBILE: z.enum(['on', 'off']).default('off'),
  /** Commands one person may send a minute; the excess is answered once and not run. */
  COMMANDS_PER_MINUTE: z.coerce.number().int().positive().default(20),
  /**
   * Buttons on DingTalk: `interactive` robot cards (standard template; presses come back over the
   * stream), or `actioncard` links, which make the presser's client post the command into the chat
   * without an @, so a group robot may never see it: only for apps without the card permission.
   */
  DINGTALK_CARDS: z.enum(['interactive', 'actioncard']).default('interactive'),
  /** A live card (check-ins, acknowledgements) is updated at most once in this many milliseconds. */
  CARD_UPDATE_EVERY_MS: z.coerce.number().int().min(1000).default(5000),
  /** Send limits the outbound queue keeps (the platforms' published ones). */
  LARK_APP_SENDS_PER_SECOND: perWindow(50),
  LARK_APP_SENDS_PER_MINUTE: perWindow(1000),
  LARK_CHAT_SENDS_PER_SECOND: perWindow(5),
  DINGTALK_APP_SENDS_PER_SECOND: perWindow(20),
  DINGTALK_CHAT_SENDS_PER_MINUTE: perWindow(20),
  /** The web console: where it listens (the embedded default: this machine only) and the address in sign-in links. */
  WEB_HOST: z.string().default('127.0.0.1'),
  WEB_PORT: z.coerce.number().int().min(0).max(65535).default(8780),
  WEB_PUBLIC_URL: urlOrUnset('the console\'s address as people open it, such as https://grid.example.gov.cn'),
  /** host:port where /healthz and /metrics answer without a session; empty: only bureau admins' sessions see them. */
  OPS_LISTEN: optionalString.refine((v) => v === undefined || /^[\w.:-]+:\d{1,5}$/.test(v), { message: 'expected host:port such as 127.0.0.1:9464' }),
  /**
   * How long a worker holds a job (and a process's heartbeat lasts) before another may take it over,
   * and how often workers look for jobs left by a process that died (BullMQ's defaults, 30 s each):
   * a crash costs at most their sum in delay, less on one machine (`queue/takeover.ts`).
   */
  WORKER_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  WORKER_STALLED_CHECK_MS: z.coerce.number().int().min(500).default(30_000),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Parses the environment; the error names the first bad variable and what it expects, in one line. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const name = issue.path.join('.');
  throw new ConfigError(`Invalid ${name}: ${issue.message} (got ${JSON.stringify(env[name] ?? '')})`);
}

/** Reads `.env` (when present) under the real environment, then validates. */
export function loadConfig(): Config {
  if (existsSync('.env')) dotenv.config({ path: '.env', quiet: true });
  return parseConfig(process.env);
}
