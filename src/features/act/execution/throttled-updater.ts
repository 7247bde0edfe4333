/**
 * Card updates within chat rate limits: at most one update per interval (Teams allows a few per second
 * per conversation; progress every 2 s is plenty). Intermediate states are coalesced: only the newest
 * pending card is sent. The final card always goes out, after the interval, and after any update in flight.
 */
export interface ThrottledUpdaterOptions<T> {
  send: (value: T) => Promise<void>;
  intervalInMs: number;
  onError?: (error: unknown) => void;
  now?: () => number;
}

export class ThrottledUpdater<T> {
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private pending?: { value: T };
  private timer?: NodeJS.Timeout;
  private chain: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly options: ThrottledUpdaterOptions<T>) {
    this.now = options.now ?? Date.now;
  }

  push(value: T): void {
    this.pending = { value };
    if (this.timer) return;
    const waitInMs = Math.max(0, this.lastSentAt + this.options.intervalInMs - this.now());
    this.timer = setTimeout(() => this.flush(), waitInMs);
  }

  /** Sends `value` as the last update (dropping anything still pending) once the interval allows. */
  async final(value: T): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
    await this.chain;
    const waitInMs = Math.max(0, this.lastSentAt + this.options.intervalInMs - this.now());
    if (waitInMs > 0) await new Promise((resolve) => setTimeout(resolve, waitInMs));
    this.lastSentAt = this.now();
    await this.options.send(value);
  }

  private flush(): void {
    this.timer = undefined;
    const next = this.pending;
    this.pending = undefined;
    if (!next) return;
    this.lastSentAt = this.now();
    this.chain = this.chain.then(() => this.options.send(next.value)).catch((error) => this.options.onError?.(error));
  }
}
