/**
 * The door of an adapter: counts the events being accepted, and once `close` is called refuses new
 * ones (the platform pushes them again, to another connection) and waits for those in flight.
 */
export class Intake {
  private closing = false;
  private readonly inFlight = new Set<Promise<unknown>>();

  get open(): boolean {
    return !this.closing;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new Error('adapter stopping: not taking events'));
    const p = work();
    this.inFlight.add(p);
    const done = () => this.inFlight.delete(p);
    p.then(done, done);
    return p;
  }

  /** Stops taking events; resolves when those already taken are accepted (or after `timeoutMs`). */
  async close(timeoutMs = 5000): Promise<void> {
    this.closing = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((r) => (timer = setTimeout(r, timeoutMs))),
    ]);
    clearTimeout(timer);
  }
}
