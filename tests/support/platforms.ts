import { linkIdentities } from '../../src/store/identities.js';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import type { EventLedger } from '../../src/core/eventLedger.js';
import { parseConfig } from '../../src/config.js';
import { initLogger } from '../../src/logger.js';
import { freshTempDir } from '../../src/embedded/localServices.js';
import { AuditLogModel } from '../../src/store/models/auditLog.js';
import { ChatBindingModel } from '../../src/store/models/chatBinding.js';
import { identityKey, MemberModel } from '../../src/store/models/member.js';
import type { PlatformAdapter } from '../../src/platforms/adapter.js';
import { startPlatformAdapters } from '../../src/platforms/start.js';
import { DingTalkFake, type DingTalkFakeOptions } from '../fakes/dingtalkFake.js';
import { fakeEnv } from '../fakes/env.js';
import { LarkFake, type LarkFakeOptions } from '../fakes/larkFake.js';
import { PEOPLE, type Handle } from './fixtures.js';
import { startTestApp, UNLIMITED, waitFor, type TestApp } from './testApp.js';

export interface PlatformTest {
  t: TestApp;
  lark?: LarkFake;
  dingtalk?: DingTalkFake;
  adapters: PlatformAdapter[];
  close(): Promise<void>;
}

/** A real app connected through the real SDKs to the fakes it asks for. */
export async function startPlatformTest(o: { lark?: LarkFakeOptions; dingtalk?: DingTalkFakeOptions; env?: Record<string, string> }): Promise<PlatformTest> {
  const lark = o.lark ? await LarkFake.start(o.lark) : undefined;
  const dingtalk = o.dingtalk ? await DingTalkFake.start(o.dingtalk) : undefined;
  const t = await startTestApp({ env: { ...fakeEnv({ lark, dingtalk }), ...o.env } });
  const adapters = await startPlatformAdapters(t.app, t.app.services.config);
  await Promise.all(adapters.map((a) => a.ready));
  return {
    t,
    lark,
    dingtalk,
    adapters,
    close: async () => {
      // SDK clients first, or their reconnect timers keep running against a closed fake.
      await Promise.all(adapters.map((a) => a.stop()));
      await t.close();
      await Promise.all([lark?.close(), dingtalk?.close()]);
    },
  };
}

/** The chat account of a fixture person on a platform (as after /登记). */
export const platformIdOf = (platform: 'lark' | 'dingtalk', h: Handle) => (platform === 'lark' ? `ou_${PEOPLE[h].phone}` : `staff${PEOPLE[h].phone}`);

export async function linkPlatformAccounts(platform: 'lark' | 'dingtalk', handles: Handle[]): Promise<void> {
  for (const h of handles) {
    const key = identityKey(platform, platformIdOf(platform, h));
    const member = await MemberModel.findOneAndUpdate({ phone: PEOPLE[h].phone }, { $addToSet: { identities: key } }).lean();
    await linkIdentities([{ _id: member!._id, identities: [key] }]);
  }
}

export async function bindChat(platform: 'lark' | 'dingtalk', chatId: string, grid: string): Promise<void> {
  await ChatBindingModel.create({ platform, chatId, grid });
}

/** The directory, bindings, audit and recorded events, to prove an event changed nothing. */
export async function domainSnapshot(ledger: EventLedger): Promise<{ members: unknown; bindings: unknown; audit: number; events: number }> {
  const [members, bindings, audit, events] = await Promise.all([
    MemberModel.find().sort({ phone: 1 }).lean(),
    ChatBindingModel.find().sort({ chatId: 1 }).lean(),
    AuditLogModel.countDocuments(),
    ledger.count().then((c) => c.accepted + c.done),
  ]);
  return JSON.parse(JSON.stringify({ members, bindings, audit, events }));
}

/** Sends this test file's logs (debug and up) to a file of its own; returns a reader for it. */
export function captureLogs(): { until(needle: string): Promise<string> } {
  const file = join(freshTempDir('statgrid-log-'), 'bot.log');
  initLogger('debug', file);
  return {
    until: (needle) => waitFor(() => {
      const text = readFileSync(file, 'utf8');
      return text.includes(needle) ? text : undefined;
    }, 5000, `"${needle}" in the log`),
  };
}

export interface Bot {
  app: App;
  close(): Promise<void>;
}

/**
 * A bot on a given database and queue prefix, connected to the fakes. Without workers it only
 * queues, like a process that dies before sending: another bot on the same `dbName` takes over.
 * `services` puts it on a FerretDB and Redis of the test's own instead of the run's.
 */
export async function startBot(o: {
  dbName?: string;
  lark?: LarkFake;
  dingtalk?: DingTalkFake;
  workers: boolean;
  services?: { mongoBaseUri: string; redisUrl: string };
  env?: Record<string, string>;
}): Promise<Bot> {
  const dbName = o.dbName ?? `t_${randomUUID().slice(0, 8)}`;
  const config = parseConfig({ LOG_LEVEL: 'silent', COMMANDS_PER_MINUTE: UNLIMITED, ...fakeEnv(o), ...o.env });
  const { mongoBaseUri, redisUrl } = o.services ?? { mongoBaseUri: inject('mongoBaseUri'), redisUrl: inject('redisUrl') };
  const app = await createApp({ config, mongoUri: `${mongoBaseUri}/${dbName}`, redisUrl, queuePrefix: dbName });
  let adapters: PlatformAdapter[] = [];
  if (o.workers) {
    adapters = await startPlatformAdapters(app, config);
    await app.startWorkers();
  }
  return {
    app,
    close: async () => {
      await Promise.all(adapters.map((a) => a.stop()));
      await app.close();
    },
  };
}
