/**
 * Runs the watchers in process every intervalInMs. Each round first takes (or renews) the database
 * lease; only the holder checks, so with several instances exactly one polls the registry. A
 * watcher's events are enqueued before its new state is saved: a crash in between repeats the same
 * dedupe ids, which the queue drops. The holder also runs retention (old rows deleted), so that too
 * happens on one instance only.
 */
import type { RetentionRun, RetentionSummary } from '../../../core/feature.js';
import type { Database } from '../../../storage/types.js';
import type { AlertInbox } from '../queue.js';
import { silentLogger, systemClock, type AlertsLogger, type Clock } from '../types.js';
import { DatabaseLease } from './lease.js';
import type { Watcher } from './types.js';

export const WATCHERS_LEASE_NAME = 'alerts.watchers';

export interface WatcherSchedulerOptions {
  db: Database;
  inbox: AlertInbox;
  watchers: Watcher[];
  /** Unique per process, e.g. hostname + pid. */
  instanceId: string;
  /** Default 5 minutes. */
  intervalInMs?: number;
  /** Default 3 × interval, so a holder that missed one round keeps the lease. */
  leaseTtlInMs?: number;
  clock?: Clock;
  logger?: AlertsLogger;
  /** Called after events were stored (wakes the dispatcher). */
  onEnqueued?: (count: number) => void;
  /** Deletes expired rows; run by the lease holder after the watchers (it keeps its own interval). */
  retention?: RetentionRun;
}

export interface WatcherRoundResult {
  leader: boolean;
  /** Events enqueued this round. */
  enqueued: number;
  /** Watchers that threw (logged, state kept); `retention` when that failed. */
  failed: string[];
  /** What retention deleted, when it ran this round. */
  retention?: RetentionSummary;
}

export class WatcherScheduler {
  private readonly lease: DatabaseLease;
  private readonly intervalInMs: number;
  private readonly leaseTtlInMs: number;
  private readonly clock: Clock;
  private readonly logger: AlertsLogger;
  private timer: NodeJS.Timeout | undefined;
  private controller: AbortController | undefined;
  private round: Promise<unknown> | undefined;
  private busy = false;

  constructor(private readonly options: WatcherSchedulerOptions) {
    this.lease = new DatabaseLease(options.db, WATCHERS_LEASE_NAME, options.instanceId);
    this.intervalInMs = options.intervalInMs ?? 5 * 60_000;
    this.leaseTtlInMs = options.leaseTtlInMs ?? 3 * this.intervalInMs;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
  }

  /** One round: lease, then every watcher in turn. */
  async runOnce(signal?: AbortSignal): Promise<WatcherRoundResult> {
    const result: WatcherRoundResult = { leader: false, enqueued: 0, failed: [] };
    if (!(await this.lease.tryAcquire(this.clock.now(), this.leaseTtlInMs))) return result;
    result.leader = true;
    for (const watcher of this.options.watchers) {
      signal?.throwIfAborted();
      try {
        result.enqueued += await this.check(watcher, signal);
      } catch (error) {
        result.failed.push(watcher.name);
        this.logger.warn(
          { watcher: watcher.name, err: error },
          'alert watcher check failed; state kept, retried next round',
        );
      }
    }
    await this.runRetention(result, signal);
    return result;
  }

  private async runRetention(result: WatcherRoundResult, signal?: AbortSignal): Promise<void> {
    if (!this.options.retention) return;
    signal?.throwIfAborted();
    try {
      result.retention = await this.options.retention.runIfDue(this.clock.now());
      if (result.retention && Object.values(result.retention.deleted).some((n) => n > 0)) {
        this.logger.info(
          { olderThan: result.retention.olderThan.toISOString(), deleted: result.retention.deleted },
          'retention: old rows deleted',
        );
      }
    } catch (error) {
      result.failed.push('retention');
      this.logger.warn({ err: error }, 'retention failed; retried next round');
    }
  }

  private async check(watcher: Watcher, signal?: AbortSignal): Promise<number> {
    const { rows } = await this.options.db.query<{ state: unknown }>(
      'SELECT state FROM alert_watcher_state WHERE name = $1',
      [watcher.name],
    );
    const { events, state } = await watcher.check({ now: this.clock.now(), state: rows[0]?.state, signal });
    if (events.length > 0) {
      const stored = await this.options.inbox.enqueue(events, signal);
      if (stored.status === 'full') throw new Error('alert queue full; watcher state not advanced');
      if (stored.accepted > 0) this.options.onEnqueued?.(stored.accepted);
    }
    await this.options.db.query(
      `INSERT INTO alert_watcher_state (name, state, updated_at) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (name) DO UPDATE SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at`,
      [watcher.name, JSON.stringify(state), this.clock.now().toISOString()],
    );
    return events.length;
  }

  start(): void {
    if (this.timer) return;
    this.controller = new AbortController();
    const tick = () => {
      if (this.busy) return; // a slow round is still running: skip, never overlap
      this.busy = true;
      this.round = this.runOnce(this.controller?.signal)
        .catch((error: unknown) => {
          if (!this.controller?.signal.aborted) this.logger.error({ err: error }, 'alert watchers round failed');
        })
        .finally(() => {
          this.busy = false;
        });
    };
    tick();
    this.timer = setInterval(tick, this.intervalInMs);
    this.timer.unref();
  }

  /** Stops polling and releases the lease so another instance takes over at once. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.controller?.abort();
    await this.round;
    await this.lease.release().catch(() => undefined);
  }
}
