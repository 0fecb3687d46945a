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

export interface AuditQuery {
  actorName?: string;
  command?: string;
  grid?: string;
  from?: Date;
  to?: Date;
}

/** The audit log's newest entries that match, for the console's 审计 page; `grids` bounds what a viewer may read. */
export async function searchAudit(q: AuditQuery, grids: string[] | undefined, limit = 200): Promise<AuditLog[]> {
  const filter: Record<string, unknown> = {};
  if (q.actorName) filter.actorName = q.actorName;
  if (q.command) filter.command = q.command;
  if (q.grid) filter.grid = q.grid;
  if (grids) filter.grid = q.grid ? (grids.includes(q.grid) ? q.grid : { $in: [] }) : { $in: grids };
  if (q.from || q.to) filter.at = { ...(q.from && { $gte: q.from }), ...(q.to && { $lt: q.to }) };
  return AuditLogModel.find(filter).sort({ at: -1 }).limit(limit).lean<AuditLog[]>();
}
