import type { Text } from '../i18n/text.js';

/** Bad input a user can fix: the message is the reply, and nothing is written. */
export class UserError extends Error {
  constructor(readonly reply: Text | string) {
    super(typeof reply === 'string' ? reply : reply.en);
  }
}
