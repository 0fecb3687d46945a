import type * as DingTalkStream from 'dingtalk-stream';
import type { DWClientDownStream } from 'dingtalk-stream';
import { logger } from '../../logger.js';
import { requireSdk } from '../sdkRequire.js';

const { DWClient, TOPIC_ROBOT, TOPIC_CARD } = requireSdk('dingtalk-stream') as typeof DingTalkStream;
/** The topics the adapter listens on: robot messages, and presses of the robot's interactive cards. */
export { TOPIC_CARD, TOPIC_ROBOT };

export interface StreamClientOptions {
  clientId: string;
  clientSecret: string;
  /** DINGTALK_GATEWAY_URL: the SDK hard-codes DingTalk's, so this subclass asks the configured one. */
  gatewayUrl: string;
  onOpen?: () => void;
}

const log = () => logger.child({ platform: 'dingtalk' });

/**
 * The SDK's `DWClient` (subscribed to the topics the adapter registers), with four corrections: the gateway URL
 * is configurable; after DingTalk's `disconnect` notice it reconnects at once instead of sitting on
 * a socket that gets nothing for ~10 s; a frame that is not JSON is logged and dropped instead of
 * throwing inside the socket listener; and a reconnect does not leave the old heartbeat running.
 */
export class StreamClient extends DWClient {
  constructor(private readonly opts: StreamClientOptions) {
    // Our own subscriptions array: the SDK's default one is shared by every client in the process.
    super({ clientId: opts.clientId, clientSecret: opts.clientSecret, keepAlive: true, ...{ autoReconnect: true, subscriptions: [{ type: 'CALLBACK', topic: TOPIC_ROBOT }] } });
  }

  override async getEndpoint(): Promise<this> {
    const res = await fetch(this.opts.gatewayUrl, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ clientId: this.config.clientId, clientSecret: this.config.clientSecret, ua: this.config.ua ?? '', subscriptions: this.config.subscriptions }),
      signal: AbortSignal.timeout(15_000),
    });
    const body = (await res.json().catch(() => ({}))) as { endpoint?: string; ticket?: string; code?: string };
    if (!res.ok || !body.endpoint || !body.ticket) {
      log().warn({ status: res.status, code: body.code }, 'stream gateway refused to open a connection');
      throw new Error(`gateway answered ${res.status}`);
    }
    // The SDK connects to `dw_url` (an ordinary field, private only in its typings).
    (this as unknown as { dw_url: string }).dw_url = `${body.endpoint}?ticket=${encodeURIComponent(body.ticket)}`;
    return this;
  }

  override async _connect(): Promise<void> {
    // The SDK starts a heartbeat timer per connection and clears only the last one on disconnect.
    clearInterval((this as unknown as { heartbeatIntervallId?: NodeJS.Timeout }).heartbeatIntervallId);
    await super._connect();
    log().info('stream connected');
    this.opts.onOpen?.();
  }

  override onSystem(downstream: DWClientDownStream): void {
    super.onSystem(downstream);
    if (downstream.headers.topic === 'disconnect') {
      log().info('stream disconnect notice: reconnecting now');
      (this as unknown as { socket?: { terminate(): void } }).socket?.terminate();
    }
  }

  override onDownStream(data: string): void {
    try {
      super.onDownStream(data);
    } catch (err) {
      log().warn({ error: (err as Error).message }, 'unreadable stream frame dropped');
    }
  }
}
