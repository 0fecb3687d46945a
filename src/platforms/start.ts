import type { App } from '../app.js';
import type { Config } from '../config.js';
import { logger } from '../logger.js';
import type { PlatformAdapter } from './adapter.js';
import { DingTalkAdapter } from './dingtalk/dingtalkAdapter.js';
import { LarkAdapter } from './lark/larkAdapter.js';

export const platformsConfigured = (config: Config) =>
  Boolean((config.LARK_APP_ID && config.LARK_APP_SECRET) || (config.DINGTALK_CLIENT_ID && config.DINGTALK_CLIENT_SECRET));

/** Connects every platform whose credentials are set (both at once when both are). */
export async function startPlatformAdapters(app: App, config: Config): Promise<PlatformAdapter[]> {
  const adapters: Array<LarkAdapter | DingTalkAdapter> = [];
  if (config.LARK_APP_ID && config.LARK_APP_SECRET) {
    adapters.push(new LarkAdapter(app, {
      appId: config.LARK_APP_ID,
      appSecret: config.LARK_APP_SECRET, domain: config.LARK_DOMAIN.replace(/\/+$/, ''),
      contactMobile: config.LARK_CONTACT_MOBILE === 'on',
    }));
  }
  if (config.DINGTALK_CLIENT_ID && config.DINGTALK_CLIENT_SECRET) {
    adapters.push(
      new DingTalkAdapter(app, {
        clientId: config.DINGTALK_CLIENT_ID,
        clientSecret: config.DINGTALK_CLIENT_SECRET,
        robotCode: config.DINGTALK_ROBOT_CODE ?? config.DINGTALK_CLIENT_ID,
        interactiveCards: config.DINGTALK_CARDS === 'interactive',
        gatewayUrl: config.DINGTALK_GATEWAY_URL,
        apiBase: config.DINGTALK_API_BASE.replace(/\/+$/, ''),
        oapiBase: config.DINGTALK_OAPI_BASE.replace(/\/+$/, ''),
        staffMobile: config.DINGTALK_STAFF_MOBILE === 'on',
      }),
    );
  }
  await Promise.all(adapters.map((a) => a.start()));
  logger.info({ platforms: adapters.map((a) => a.name) }, 'platform adapters started');
  return adapters;
}
