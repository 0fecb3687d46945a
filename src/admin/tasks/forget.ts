import { maskPhone, normalizePhone } from '../../domain/phone.js';
import { forgetAccountsInAudit } from '../../store/audit.js';
import { memberByPhone, unlinkAccounts } from '../../store/directory.js';
import { dropRegistrationsOf } from '../../store/registrations.js';
import { defineTask } from '../task.js';

/**
 * A person's right to be forgotten, as far as the bot can: their chat accounts unlinked, claims to
 * be them dropped, and the accounts masked in the audit log. Their directory entry and the year's
 * records (attendance, filings, assessment), keyed by member id, stay for the assessment.
 */
export default defineTask({
  name: 'forget',
  usage: 'forget PHONE',
  summary: "Remove a person's chat links and mask them in the audit log",
  async run(args, _app, out) {
    const phone = normalizePhone(args[0] ?? '');
    if (!phone || args.length !== 1) {
      out('usage: npm run admin -- forget PHONE');
      return 2;
    }
    const person = await memberByPhone(phone);
    if (!person) {
      out(`通讯录里没有手机号 ${maskPhone(phone)}。`);
      return 1;
    }
    const accounts = await unlinkAccounts(person._id, () => true);
    const claims = await dropRegistrationsOf(person._id);
    const entries = await forgetAccountsInAudit(accounts);
    out(`${person.name}（${maskPhone(phone)}）：解除 ${accounts.length} 个聊天账号，删除 ${claims} 条待确认登记，审计日志中 ${entries} 条记录已脱敏。`);
    return 0;
  },
});
