/**
 * Another bot process renaming a member, as a command there would: the write goes through the
 * store's hooks of that process's app. Run by tests as
 * `node --import tsx tests/support/renameInOtherProcess.ts MONGODB_URI REDIS_URL QUEUE_PREFIX PHONE NAME`.
 */
import { createApp } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { MemberModel } from '../../src/store/models/member.js';

const [mongoUri, redisUrl, queuePrefix, phone, name] = process.argv.slice(2) as [string, string, string, string, string];
const app = await createApp({ config: parseConfig({ LOG_LEVEL: 'silent', REMINDERS: 'off' }), mongoUri, redisUrl, queuePrefix });
const { matchedCount } = await MemberModel.updateOne({ phone }, { $set: { name } });
await app.close();
process.exit(matchedCount === 1 ? 0 : 3);
