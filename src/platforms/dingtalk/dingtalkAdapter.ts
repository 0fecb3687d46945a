import type { DWClientDownStream } from 'dingtalk-stream';
import type { App } from '../../app.js';
import { logger } from '../../logger.js';
import { Intake } from '../intake.js';
import type { PlatformAdapter } from '../adapter.js';
import type { InboundMessage } from '../../core/types.js';
import { sentCard } from '../../store/sentCards.js';
import { parseCardCallback, parseRobotMessage, pressAsMessage, type Parsed } from './dingtalkEvents.js';
import { DingTalkSender } from './dingtalkSender.js';
import { staffMobiles } from './dingtalkStaff.js';
import { StreamClient, TOPIC_CARD, TOPIC_ROBOT } from './streamClient.js';

export interface DingTalkAdapterOptions {
  clientId: string;
  clientSecret: string;
  /** The robot's code (DINGTALK_ROBOT_CODE); for an internal app's robot it is the client id. */
  robotCode: string;
  /** Buttons as robot interactive cards (DINGTALK_CARDS=interactive), else ActionCard links. */
  interactiveCards: boolean;
  gatewayUrl: string;
  apiBase: string;
  /** The old OpenAPI host (staff records). */
  oapiBase: string;
  /** Registration may read the sender's mobile from their staff record (the app has the phone permission). */
  staffMobile?: boolean;
}

const log = () => logger.child({ platform: 'dingtalk' });

/**
 * DingTalk through the official stream SDK: robot messages and presses of the robot's interactive
 * cards arrive as CALLBACK frames on one WebSocket. Each is accepted through the inbox and
 * acknowledged only after that (one that could not be accepted is left unacknowledged); malformed
 * ones are acknowledged and dropped. A press runs its button's command as the presser, in the
 * card's chat (the callback names only the card, so the card's record says which chat).
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
    this.client.registerCallbackListener(TOPIC_ROBOT, (frame) => void this.onFrame(frame, 'message', async () => this.robotMessage(frame)));
    this.client.registerCallbackListener(TOPIC_CARD, (frame) => void this.onFrame(frame, 'card press', async () => this.cardPress(frame), {}));
    await this.client.connect();
  }

  async stop(): Promise<void> {
    await this.intake.close();
    this.client.disconnect();
  }

  private robotMessage(frame: DWClientDownStream): Parsed<InboundMessage> {
    const parsed = parseRobotMessage(frame.data, { robotCode: this.opts.robotCode, now: Date.now() });
    return parsed.ok ? { ok: true, value: parsed.message } : parsed;
  }

  private async cardPress(frame: DWClientDownStream): Promise<Parsed<InboundMessage>> {
    const press = parseCardCallback(frame.data, frame.headers.messageId);
    if (!press.ok) return press;
    const card = await sentCard(press.value.cardKey);
    if (!card || card.platform !== 'dingtalk') return { ok: false, reason: 'press on a card the bot did not send' };
    return pressAsMessage(press.value, card, Date.now());
  }

  /** Accepts one frame's event and acknowledges it with `response` (DingTalk wants one per callback). */
  private async onFrame(frame: DWClientDownStream, kind: string, read: () => Promise<Parsed<InboundMessage>>, response: unknown = null): Promise<void> {
    const frameId = frame.headers.messageId;
    try {
      await this.intake.run(async () => {
        const parsed = await read();
        if (parsed.ok) {
          const result = await this.app.inbox.accept(parsed.value);
          if (result === 'duplicate') log().debug({ kind, eventId: parsed.value.eventId }, 'duplicate acknowledged');
        } else if (parsed.ignore) {
          log().debug({ kind, frameId, reason: parsed.reason }, 'ignored');
        } else {
          log().warn({ kind, frameId, reason: parsed.reason }, 'malformed event acknowledged and dropped');
        }
      });
    } catch (err) {
      log().error({ kind, frameId, error: (err as Error).message }, 'not accepted; left unacknowledged');
      return;
    }
    this.client.socketCallBackResponse(frameId, response);
  }
}
