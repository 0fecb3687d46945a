import { randomUUID } from 'node:crypto';
import { UserError } from '../../core/errors.js';
import { pick } from '../../i18n/text.js';
import { kindList, resolveRun, runNow } from '../../reminders/runNow.js';
import { AuditLogModel } from '../../store/models/auditLog.js';
import { defineTask, parseOptions } from '../task.js';

/**
 * Runs a reminder now (the console demo's way to show each one without waiting for the calendar),
 * and audits it. The messages go through the outbound queue: a running `npm start` delivers them.
 */
export default defineTask({
  name: 'run-job',
  usage: 'run-job NAME [--street CODE] [--ref 2026-11|2026-Q4|N-0007]',
  summary: 'Run a reminder now (audited)',
  async run(args, app, out) {
    const { positional, options } = parseOptions(args);
    const [kind] = positional;
    if (!kind) {
      out(`Reminders: ${kindList()}`);
      return 2;
    }
    const street = options.get('street');
    const ref = options.get('ref');
    const now = app.services.clock.now();
    const runKey = `admin:run-job:${randomUUID()}`;
    try {
      const { kind: found, occurrences } = await resolveRun({ kind, street: typeof street === 'string' ? street : undefined, ref: typeof ref === 'string' ? ref : undefined }, now);
      const sent = await runNow(app, found.name, occurrences, runKey);
      const detail = `ran ${occurrences.map((o) => o.id).join(', ')}: ${sent} message(s)`;
      await AuditLogModel.create({ at: now, eventKey: runKey, platform: 'admin', command: 'run-job', args: { kind, street, ref }, result: 'ok', detail });
      out(detail);
      return 0;
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      out(pick(err.reply, 'zh-CN'));
      return 1;
    }
  },
});
