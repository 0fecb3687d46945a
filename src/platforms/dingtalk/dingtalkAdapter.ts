import type { DWClientDownStream } from 'dingtalk-stream';
import type { App } from '../../app.js';
import { logger } from '../../logger.js';
import { Intake } from '../intake.js';
import type { PlatformAdapter } from '../adapter.js';
import { parseRobotMessage } from './dingtalkEvents.js';
import { DingTalkSender } from './dingtalkSender.js';
import { staffMobiles } from './dingtalkStaff.js';
import { StreamClient, TOPIC_ROBOT } from './streamClient.js';

export interface DingTalkAdapterOptions {
  clientId: string;
  clientSecret: string;
  /** The robot's code (DINGTALK_ROBOT_CODE); for an internal app's robot it is the client id. */
  robotCode: string;
  gatewayUrl: string;
  apiBase: string;
  /** The old OpenAPI host (staff records). */
  oapiBase: string;
  /** Registration may read the sender's mobile from their staff record (the app has the phone permission). */
  staffMobile?: boolean;
}

const log = () => logger.child({ platform: 'dingtalk' });

/**
 * DingTalk through the official stream SDK: robot messages arrive as CALLBACK frames on one
 * WebSocket. Each is accepted through the inbox and acknowledged only after that (a message that
 * could not be accepted is left unacknowledged); malformed ones are acknowledged and dropped.
 */
export class DingTalkAdapter implements PlatformAdapter {
  readonly name = 'dingtalk';
  private readonly client: StreamClient;
  private readonly intake = new Intake();
  private readyResolve!: () => void;
  readonly ready = new Promise<void>((r) => (this.readyResolve = r));

  constructor(
    private readonly app: App,
    private readonly opts: DingTalkAdapterOptions,
  ) {
    this.client = new StreamClient({ clientId: opts.clientId, clientSecret: opts.clientSecret, gatewayUrl: opts.gatewayUrl, onOpen: () => this.readyResolve() });
  }

  async start(): Promise<void> {
    this.app.senders.register('dingtalk', new DingTalkSender(this.opts));
    if (this.opts.staffMobile) this.app.services.mobiles.register('dingtalk', staffMobiles(this.opts));
    this.client.registerCallbackListener(TOPIC_ROBOT, (frame) => void this.onRobotMessage(frame));
    await this.client.connect();
  }

  async stop(): Promise<void> {
    await this.intake.close();
    this.client.disconnect();
  }

  private async onRobotMessage(frame: DWClientDownStream): Promise<void> {
    const frameId = frame.headers.messageId;
    try {
      await this.intake.run(async () => {
        const parsed = parseRobotMessage(frame.data, { robotCode: this.opts.robotCode, now: Date.now() });
        if (parsed.ok) {
          const result = await this.app.inbox.accept(parsed.message);
          if (result === 'duplicate') log().debug({ msgId: parsed.message.eventId }, 'duplicate message acknowledged');
        } else if (parsed.ignore) {
          log().debug({ frameId, reason: parsed.reason }, 'message ignored');
        } else {
          log().warn({ frameId, reason: parsed.reason }, 'malformed message acknowledged and dropped');
        }
      });
    } catch (err) {
      log().error({ frameId, error: (err as Error).message }, 'message not accepted; left unacknowledged');
      return;
    }
    this.client.socketCallBackResponse(frameId, null);
  }
}
