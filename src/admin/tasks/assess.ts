import { randomUUID } from 'node:crypto';
import { runText } from '../../assessment/texts.js';
import { draftAssessments, streetRefs } from '../../assessment/workflow.js';
import { pick } from '../../i18n/text.js';
import { AuditLogModel } from '../../store/models/auditLog.js';
import { printingUserErrors, yearAndStreet } from '../reportArgs.js';
import { defineTask, parseOptions } from '../task.js';

/**
 * Drafts the assessment of every street at once (or one), as each street's `/考核 试算` would:
 * the bulk path for a large district. Confirmed streets are refused and left as they are. Audited.
 */
export default defineTask({
  name: 'assess',
  usage: 'assess [--year Y] [--street S]',
  summary: "Draft the streets' annual assessment (confirmed ones are left alone; audited)",
  run: (args, app, out) =>
    printingUserErrors(out, async () => {
      const now = app.services.clock.now();
      const { year, street } = await yearAndStreet(parseOptions(args).options, now);
      const eventKey = `admin:assess:${randomUUID()}`;
      const { outcomes } = await draftAssessments({ year, streets: street ? [street] : undefined, now, by: { name: 'admin' }, eventKey });
      const names = new Map((await streetRefs()).map((s) => [s.code, s.name]));
      for (const o of outcomes) out(o.ok ? pick(runText(names.get(o.street) ?? o.street, o.run), 'zh-CN') : `${names.get(o.street)}：${pick(o.error.reply, 'zh-CN')}`);
      const drafted = outcomes.filter((o) => o.ok).length;
      await AuditLogModel.create({ at: now, eventKey, platform: 'admin', command: 'assess', args: { year, street }, result: 'ok', detail: `drafted ${drafted} of ${outcomes.length} streets` });
      return drafted === outcomes.length ? 0 : 1;
    }),
});
