import type { OutboundMessage } from '../core/types.js';

/** A message with the key that makes its job id stable (e.g. the person or group it goes to). */
export interface KeyedMessage {
  key: string;
  message: OutboundMessage;
}
