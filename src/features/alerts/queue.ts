/**
 * The durable, bounded inbox (table alert_events). Receivers answer 2xx only after enqueue() has
 * committed; beyond the bound they answer 429 so the sender retries later — nothing is dropped.
 * Every field is bounded on the way in (bounds.ts).
 */
import type { RetentionTask } from '../../storage/retention.js';
import type { Database } from '../../storage/types.js';
import { boundAlertEvent } from './bounds.js';
import { systemClock, type AlertEvent, type Clock } from './types.js';

export const DEFAULT_MAX_QUEUED_EVENTS = 10_000;
// Serializes enqueues (all instances) so the bound is exact, not approximate.
const ENQUEUE_LOCK_KEY = 727_346_301_200;

export interface AlertQueueOptions {
  /** Events waiting to be routed before enqueue() reports `full`; default 10,000. */
  maxQueuedEvents?: number;
  clock?: Clock;
}

export type EnqueueResult =
  | { status: 'accepted'; accepted: number; duplicates: number }
  | { status: 'full'; queued: number; maxQueuedEvents: number };

/** What receivers and watchers need: one atomic write of a batch. */
export interface AlertInbox {
  enqueue(events: AlertEvent[], signal?: AbortSignal): Promise<EnqueueResult>;
}

export type AlertEventState = 'queued' | 'delivering' | 'delivered' | 'failed';

export class AlertQueue implements AlertInbox {
  readonly maxQueuedEvents: number;
  private readonly clock: Clock;

  constructor(
    private readonly db: Database,
    options: AlertQueueOptions = {},
  ) {
    this.maxQueuedEvents = options.maxQueuedEvents ?? DEFAULT_MAX_QUEUED_EVENTS;
    this.clock = options.clock ?? systemClock;
  }

  /** All or nothing: either every new event of the batch is stored, or none (full). Known ids count as duplicates. */
  async enqueue(events: AlertEvent[], signal?: AbortSignal): Promise<EnqueueResult> {
    signal?.throwIfAborted();
    if (events.length === 0) return { status: 'accepted', accepted: 0, duplicates: 0 };
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [ENQUEUE_LOCK_KEY]);
      const { rows } = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM alert_events WHERE state = 'queued'`,
      );
      const queued = rows[0].n;
      if (queued + events.length > this.maxQueuedEvents)
        return { status: 'full', queued, maxQueuedEvents: this.maxQueuedEvents };
      const inserted = await tx.query(
        `INSERT INTO alert_events (source, dedupe_key, event_type, received_at, payload)
         SELECT e->>'source', e->>'id', e->>'type', $2::timestamptz, e FROM jsonb_array_elements($1::jsonb) AS e
         ON CONFLICT (dedupe_key) DO NOTHING`,
        [JSON.stringify(events.map(boundAlertEvent)), this.clock.now().toISOString()],
      );
      return { status: 'accepted', accepted: inserted.affectedRows, duplicates: events.length - inserted.affectedRows };
    });
  }

  async countByState(): Promise<Record<AlertEventState, number>> {
    const { rows } = await this.db.query<{ state: AlertEventState; n: number }>(
      'SELECT state, count(*)::int AS n FROM alert_events GROUP BY state',
    );
    const counts: Record<AlertEventState, number> = { queued: 0, delivering: 0, delivered: 0, failed: 0 };
    for (const row of rows) counts[row.state] = row.n;
    return counts;
  }

  /** Removes settled events (and their deliveries) older than the cut-off; returns how many. */
  async purgeSettled(olderThan: Date): Promise<number> {
    await this.db.query(
      `DELETE FROM alert_deliveries WHERE event_id IN (SELECT id FROM alert_events WHERE state IN ('delivered', 'failed') AND settled_at < $1)`,
      [olderThan.toISOString()],
    );
    const { affectedRows } = await this.db.query(
      `DELETE FROM alert_events WHERE state IN ('delivered', 'failed') AND settled_at < $1`,
      [olderThan.toISOString()],
    );
    await this.db.query(
      `DELETE FROM alert_digests WHERE state IN ('sent', 'failed') AND closes_at < $1 AND NOT EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.digest_id = alert_digests.id)`,
      [olderThan.toISOString()],
    );
    return affectedRows;
  }
}

/** Retention of delivered and failed events (with their deliveries and finished digests). Queued and
 * in-flight events are never deleted. A sender retrying an event older than the period would get it delivered again. */
export function alertEventsRetention(db: Database): RetentionTask {
  const queue = new AlertQueue(db);
  return { name: 'alert-events', purge: (olderThan) => queue.purgeSettled(olderThan) };
}
