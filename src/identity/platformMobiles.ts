import type { PlatformName } from '../core/types.js';
import { normalizePhone } from '../domain/phone.js';
import { logger } from '../logger.js';

/** Asks a platform for the mobile number of one of its users (undefined when it has none to give). */
export type MobileLookup = (userId: string) => Promise<string | undefined>;

/**
 * The mobile numbers platforms vouch for: Lark's contact API, DingTalk's staff records. An adapter
 * registers its lookup when the app may read phones there (the scope granted and switched on);
 * without one, or when the platform cannot answer, registration waits for a leader instead.
 */
export class PlatformMobiles {
  private readonly lookups = new Map<PlatformName, MobileLookup>();

  register(platform: PlatformName, lookup: MobileLookup): void {
    this.lookups.set(platform, lookup);
  }

  async of(platform: PlatformName, userId: string): Promise<string | undefined> {
    const lookup = this.lookups.get(platform);
    if (!lookup) return undefined;
    try {
      const mobile = await lookup(userId);
      return mobile === undefined ? undefined : normalizePhone(mobile);
    } catch (err) {
      logger.warn({ platform, error: (err as Error).message }, 'mobile lookup failed; the registration waits for a leader');
      return undefined;
    }
  }
}
