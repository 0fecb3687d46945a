/** A connected chat platform; `stop` stops taking events and closes its connection. */
export interface PlatformAdapter {
  name: string;
  /** Resolves when the platform connection is first up. */
  ready: Promise<void>;
  stop(): Promise<void>;
}
