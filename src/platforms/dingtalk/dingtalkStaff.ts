import type { MobileLookup } from '../../identity/platformMobiles.js';
import { AccessToken, postJson } from './dingtalkApi.js';

/**
 * A staff member's mobile from their record (`topapi/v2/user/get` on the old OpenAPI host, by the
 * userid DingTalk sends as `senderStaffId`). DingTalk includes `mobile` only for an app granted
 * the contact "phone number" permission; a sender outside the organisation is not found.
 */
export function staffMobiles(o: { oapiBase: string; apiBase: string; clientId: string; clientSecret: string }): MobileLookup {
  const token = new AccessToken(o.apiBase, o.clientId, o.clientSecret);
  return async (userId) => {
    const url = `${o.oapiBase}/topapi/v2/user/get?access_token=${encodeURIComponent(await token.get())}`;
    const { status, body } = await postJson(url, { userid: userId, language: 'zh_CN' });
    if (status === 200 && (body?.errcode === 40014 || body?.errcode === 42001)) token.invalidate(); // token refused or lapsed
    const mobile = status === 200 && body?.errcode === 0 ? body.result?.mobile : undefined;
    return typeof mobile === 'string' && mobile ? mobile : undefined;
  };
}
