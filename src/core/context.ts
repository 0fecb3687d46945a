import type { Types } from 'mongoose';
import type { Lang, Text } from '../i18n/text.js';
import type { Member } from '../store/models/member.js';
import type { Grid } from '../store/models/grid.js';
import type { Role } from './roles.js';
import type { InboundMessage, Outgoing } from './types.js';
import type { Services } from './services.js';
import type { CommandRouter } from './router.js';

export type MemberRecord = Member & { _id: Types.ObjectId };
export type GridRecord = Grid & { _id: Types.ObjectId };

/** Everything a command handler may use; built per message by the dispatcher. */
export interface CommandContext {
  lang: Lang;
  message: InboundMessage;
  /** "platform:eventId": the idempotency key for anything this command creates. */
  eventKey: string;
  now: Date;
  member?: MemberRecord;
  role: Role;
  /** The grid this chat is bound to, if any. */
  grid?: GridRecord;
  services: Services;
  /** All commands, for help texts. */
  router: CommandRouter;
  t(text: Text | string): string;
  /** Queues an extra message besides the reply (another chat, a private note). */
  send(out: Outgoing): void;
  /** A line for the audit log describing what changed. */
  auditDetail?: string;
  /** Set when the command found nothing to change (a second check-in): nothing to audit. */
  nothingChanged?: boolean;
}
