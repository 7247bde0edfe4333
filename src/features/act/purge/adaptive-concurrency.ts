/**
 * A semaphore whose limit adapts: repeated 429s halve it (once per cool-down, so one burst of
 * throttled in-flight requests counts once), and a run of successes raises it again by one, up to
 * the configured maximum (additive increase, multiplicative decrease).
 */
export interface AdaptiveConcurrencyOptions {
  maxConcurrency: number;
  minConcurrency?: number;
  /** Throttles closer together than this count as one. */
  decreaseCooldownInMs?: number;
  now?: () => number;
}

export class AdaptiveConcurrency {
  private currentLimit: number;
  private active = 0;
  private readonly waiters: (() => void)[] = [];
  private successesSinceChange = 0;
  private lastDecreaseAt = -Infinity;
  private readonly min: number;
  private readonly max: number;
  private readonly cooldownInMs: number;
  private readonly now: () => number;
  /** Lowest limit reached: shows in the report that the run slowed down. */
  lowestLimit: number;

  constructor(options: AdaptiveConcurrencyOptions) {
    this.max = options.maxConcurrency;
    this.min = Math.min(options.minConcurrency ?? 1, this.max);
    this.cooldownInMs = options.decreaseCooldownInMs ?? 1000;
    this.now = options.now ?? Date.now;
    this.currentLimit = this.max;
    this.lowestLimit = this.max;
  }

  get limit(): number {
    return this.currentLimit;
  }

  get inFlight(): number {
    return this.active;
  }

  async acquire(): Promise<void> {
    if (this.active < this.currentLimit) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    this.active--;
    this.wake();
  }

  private wake(): void {
    while (this.active < this.currentLimit && this.waiters.length > 0) {
      this.active++;
      this.waiters.shift()!();
    }
  }

  onThrottled(): void {
    this.successesSinceChange = 0;
    const now = this.now();
    if (now - this.lastDecreaseAt < this.cooldownInMs) return;
    this.lastDecreaseAt = now;
    this.currentLimit = Math.max(this.min, Math.floor(this.currentLimit / 2));
    this.lowestLimit = Math.min(this.lowestLimit, this.currentLimit);
  }

  onSuccess(): void {
    if (this.currentLimit >= this.max) return;
    if (++this.successesSinceChange >= this.currentLimit * 2) {
      this.successesSinceChange = 0;
      this.currentLimit++;
      this.wake();
    }
  }
}
