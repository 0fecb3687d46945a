import type { Outbox } from '../outbound/outbox.js';
import type { SenderRegistry } from '../outbound/sender.js';
import type { EventLedger } from './eventLedger.js';
import type { CommandRouter } from './router.js';
import type { Services } from './services.js';

/**
 * What reminders and notices use while they run: the dependency bag, the outbox, and the senders
 * (to know who can be messaged privately). Narrower than the whole app, so they do not import it.
 */
export interface Runtime {
  services: Services;
  outbox: Outbox;
  senders: SenderRegistry;
}

/** What a job's processor receives: the runtime, plus the router and event ledger the inbound job needs. */
export interface JobRuntime extends Runtime {
  events: EventLedger;
  router: CommandRouter;
}
