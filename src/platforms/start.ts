import type { App } from '../app.js';
import type { Config } from '../config.js';

/** A connected chat platform; `stop` stops taking events and closes its connection. */
export interface PlatformAdapter {
  name: string;
  stop(): Promise<void>;
}

export const platformsConfigured = (config: Config) =>
  Boolean((config.LARK_APP_ID && config.LARK_APP_SECRET) || (config.DINGTALK_CLIENT_ID && config.DINGTALK_CLIENT_SECRET));

/** Connects every platform whose credentials are set (both at once when both are). */
export async function startPlatformAdapters(_app: App, config: Config): Promise<PlatformAdapter[]> {
  const adapters: PlatformAdapter[] = [];
  if (config.LARK_APP_ID || config.DINGTALK_CLIENT_ID) {
    throw new Error('The Lark and DingTalk adapters are not built yet; unset their credentials to use the console chat.');
  }
  return adapters;
}
