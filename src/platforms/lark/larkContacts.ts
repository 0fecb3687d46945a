import type * as lark from '@larksuiteoapi/node-sdk';
import type { MobileLookup } from '../../identity/platformMobiles.js';

/**
 * A user's mobile from Lark's contact API (`contact/v3/users/:open_id`). Lark fills `mobile` only
 * for an app granted `contact:user.phone:readonly` and a user within its contact range.
 */
export function contactMobiles(client: lark.Client): MobileLookup {
  return async (openId) => {
    const res = await client.contact.v3.user.get({ path: { user_id: openId }, params: { user_id_type: 'open_id' } });
    const mobile = res.code === 0 ? res.data?.user?.mobile : undefined;
    return mobile || undefined;
  };
}
