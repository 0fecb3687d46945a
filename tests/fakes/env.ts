import type { DingTalkFake } from './dingtalkFake.js';
import type { LarkFake } from './larkFake.js';

/** Environment that points the bot at the fakes. */
export function fakeEnv(fakes: { lark?: LarkFake; dingtalk?: DingTalkFake }): Record<string, string> {
  return {
    ...(fakes.lark ? { LARK_APP_ID: fakes.lark.appId, LARK_APP_SECRET: fakes.lark.appSecret, LARK_DOMAIN: fakes.lark.domain } : {}),
    ...(fakes.dingtalk
      ? {
          DINGTALK_CLIENT_ID: fakes.dingtalk.clientId,
          DINGTALK_CLIENT_SECRET: fakes.dingtalk.clientSecret,
          DINGTALK_ROBOT_CODE: fakes.dingtalk.robotCode,
          DINGTALK_GATEWAY_URL: fakes.dingtalk.gatewayUrl,
          DINGTALK_API_BASE: fakes.dingtalk.apiBase,
          DINGTALK_OAPI_BASE: fakes.dingtalk.apiBase,
        }
      : {}),
  };
}
