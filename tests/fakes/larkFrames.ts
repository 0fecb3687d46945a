import { createRequire } from 'node:module';
import '@larksuiteoapi/node-sdk';

/**
 * The SDK's own protobuf codec for long-connection frames (`pbbp2`). It is not exported, but
 * loading the SDK registers it on protobufjs's default root, reached from the SDK's location.
 */
interface Header {
  key: string;
  value: string;
}
export interface Frame {
  SeqID: number;
  LogID: number;
  service: number;
  method: number;
  headers: Header[];
  payload?: Uint8Array;
}

const sdkRequire = createRequire(createRequire(import.meta.url).resolve('@larksuiteoapi/node-sdk'));
const codec = sdkRequire('protobufjs/minimal').roots.default.pbbp2.Frame as {
  encode(frame: Frame): { finish(): Uint8Array };
  decode(buf: Uint8Array): Frame;
};

export const encodeFrame = (frame: Frame): Buffer => Buffer.from(codec.encode(frame).finish());
export const decodeFrame = (buf: Uint8Array): Frame => codec.decode(buf);
export const headerOf = (frame: Frame, key: string) => frame.headers.find((h) => h.key === key)?.value;

/** Frame `method`: 0 control (ping, pong), 1 data (event, card). */
export const CONTROL = 0;
export const DATA = 1;
