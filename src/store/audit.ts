import { isDuplicateKey } from './connect.js';
import { AuditLogModel, type AuditLog } from './models/auditLog.js';

/**
 * Writes the audit entry of an event once: a command or job re-run after a crash finds it there.
 * Keyed by `_id` (the event's key), the one lookup FerretDB serves from an index.
 */
export async function auditOnce(eventKey: string, entry: Omit<AuditLog, 'eventKey'>): Promise<void> {
  await AuditLogModel.updateOne({ _id: eventKey }, { $setOnInsert: { eventKey, ...entry } }, { upsert: true }).catch((err: unknown) => {
    if (!isDuplicateKey(err)) throw err; // a concurrent copy wrote it
  });
}

/** "lark:ou_123…" as the audit log keeps a forgotten account: the platform, no id. */
const forgottenAccount = (account: string) => `${account.slice(0, account.indexOf(':'))}:（已删除）`;

/**
 * Masks a forgotten person's chat accounts wherever the audit log names them (their details, and
 * the arguments of what they typed); entries stay, keyed by member id, for the year's assessment.
 * Returns how many entries changed.
 */
export async function forgetAccountsInAudit(accounts: string[]): Promise<number> {
  if (!accounts.length) return 0;
  const escaped = accounts.map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(escaped.join('|'), 'g');
  let changed = 0;
  for await (const entry of AuditLogModel.find({ detail: { $regex: pattern.source } }, { detail: 1 }).lean().cursor()) {
    await AuditLogModel.updateOne({ _id: entry._id }, { $set: { detail: entry.detail!.replace(pattern, forgottenAccount) } });
    changed++;
  }
  return changed;
}
