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
