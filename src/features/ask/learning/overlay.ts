/**
 * Accepted phrasings as an overlay on knowledge/alternates: each bot instance adds the phrasings accepted
 * since its last look to its own matcher. Instances notice other instances' accepts by polling the
 * acceptance sequence (every `intervalInMs`, 30 s by default) and right after each review action.
 */
import type { Logger } from '../../../core/ports.js';
import type { LearningStore } from './store.js';

/** The one thing the overlay needs of a matcher (KbMatcher implements it). */
export interface PhrasingTarget {
  addPhrasings(topic: string, phrasings: readonly string[]): number;
}

export const DEFAULT_REFRESH_INTERVAL_IN_MS = 30_000;

export class PhrasingOverlay {
  private lastSeq = 0;
  private running: Promise<number> | null = null;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly store: Pick<LearningStore, 'acceptedSince'>,
    private readonly target: PhrasingTarget,
    private readonly logger?: Logger,
  ) {}

  /** Highest acceptance sequence number applied to the matcher. */
  get appliedSeq(): number {
    return this.lastSeq;
  }

  /** Applies phrasings accepted since the last refresh; resolves with how many were indexed. Calls share a run. */
  refresh(): Promise<number> {
    this.running ??= this.load().finally(() => (this.running = null));
    return this.running;
  }

  /** Loads everything accepted so far, then keeps polling (the timer does not keep the process alive). */
  async start(intervalInMs = DEFAULT_REFRESH_INTERVAL_IN_MS): Promise<void> {
    await this.refresh();
    this.timer = setInterval(
      () => this.refresh().catch((err) => this.logger?.warn({ err }, 'accepted phrasings: refresh failed')),
      intervalInMs,
    );
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async load(): Promise<number> {
    let added = 0;
    for (const phrasing of await this.store.acceptedSince(this.lastSeq)) {
      added += this.target.addPhrasings(phrasing.topic, [phrasing.question]);
      this.lastSeq = Math.max(this.lastSeq, phrasing.seq);
    }
    if (added > 0) this.logger?.info({ added, seq: this.lastSeq }, 'accepted phrasings added to the matcher');
    return added;
  }
}
