import { yearArg } from '../assessment/yearArg.js';
import { streetByCodeOrName } from '../assessment/workflow.js';
import { UserError } from '../core/errors.js';
import { pick } from '../i18n/text.js';

/** `--year Y` (this year by default, up to `ahead` years on) and `--street CODE|NAME`, checked as the chat checks them. */
export async function yearAndStreet(options: Map<string, string | true>, now: Date, ahead = 0): Promise<{ year: number; street?: string }> {
  const year = options.get('year');
  const street = options.get('street');
  return {
    year: yearArg(typeof year === 'string' ? year : undefined, now, ahead),
    street: typeof street === 'string' ? (await streetByCodeOrName(street)).code : undefined,
  };
}

/** Runs a task body; a mistake in its arguments is printed (in Chinese, as the bureau reads it) with exit code 1. */
export async function printingUserErrors(out: (line: string) => void, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    out(pick(err.reply, 'zh-CN'));
    return 1;
  }
}
