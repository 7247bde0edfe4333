/**
 * Fan-out and delivery. Each round (runOnce):
 *   1. route    claim queued events, match subscriptions, write one delivery per (event, conversation)
 *   2. send     claim due deliveries; within the rate limits send each alone, else fold it into the
 *               conversation's open digest
 *   3. digests  send digests whose window closed
 *   4. settle   events whose deliveries are all done become delivered (or failed)
 * Every claim is a conditional UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) with a lease, so
 * several instances on one PostgreSQL never take the same row, and a crashed instance's rows come back.
 */
import type { Lang } from '../../core/lang.js';
import type { Database } from '../../storage/types.js';
import { renderAlert, renderDigest, type DigestGroup } from './render.js';
import { returnToken, takeToken, type TokenBucketSpec } from './rate-limit.js';
import { SubscriptionStore, subscriptionMatches, type Subscription } from './subscriptions.js';
import {
  silentLogger,
  systemClock,
  type AlertEvent,
  type AlertEventType,
  type AlertsLogger,
  type Clock,
  type ConversationKey,
  type Platform,
  type ProactiveSender,
  type Severity,
} from './types.js';

export interface AlertDispatcherOptions {
  db: Database;
  sender: ProactiveSender;
  clock?: Clock;
  logger?: AlertsLogger;
  /** Shown in logs; default a random id. */
  instanceId?: string;
  /** Rows claimed per step; default 100. */
  batchSize?: number;
  /** How long a claim is held before another instance may take the row over; default 60 s. */
  leaseInMs?: number;
  /** Per conversation; default burst 3, then 1 message every 2 s. */
  perConversation?: TokenBucketSpec;
  /** All conversations together; default burst 20, 10/s (Teams allows a bot far more, stay well below). */
  global?: TokenBucketSpec;
  /** How long a digest collects before it is sent; default 5 minutes. */
  digestWindowInMs?: number;
  /** Send attempts before a delivery is marked failed; default 6. */
  maxAttempts?: number;
  /** First retry delay, doubled each attempt up to retryMaxInMs; default 2 s and 5 min. */
  retryBaseInMs?: number;
  retryMaxInMs?: number;
  /** A send that takes longer is aborted and retried; default 15 s. */
  sendTimeoutInMs?: number;
  /** Parallel sends; default 4. */
  sendConcurrency?: number;
  /** Idle wait of the loop between rounds; default 1 s (wake() cuts it short). */
  pollIntervalInMs?: number;
  /** An event matched no subscription (settled without a delivery). */
  onUnmatched?: (event: AlertEvent) => void;
}

export interface DispatchStats {
  routed: number;
  sent: number;
  folded: number;
  deferred: number;
  retried: number;
  failed: number;
  digestsSent: number;
  settled: number;
}

const emptyStats = (): DispatchStats => ({
  routed: 0,
  sent: 0,
  folded: 0,
  deferred: 0,
  retried: 0,
  failed: 0,
  digestsSent: 0,
  settled: 0,
});
export const GLOBAL_BUCKET_KEY = 'global';

interface ClaimedDelivery {
  id: number;
  /** When this worker claimed it (wall clock): its 'sent' record may be retried until the lease nearly ends. */
  claimedAtInMs?: number;
  platform: Platform;
  conversation_id: string;
  lang: Lang;
  attempts: number;
  payload: AlertEvent;
}

interface ClaimedDigest {
  id: number;
  platform: Platform;
  conversation_id: string;
  lang: Lang;
  attempts: number;
  opened_at: Date | string;
  closes_at: Date | string;
}

function safeErrorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 300);
}

export class AlertDispatcher {
  private readonly db: Database;
  private readonly sender: ProactiveSender;
  private readonly subscriptions: SubscriptionStore;
  private readonly clock: Clock;
  private readonly logger: AlertsLogger;
  private readonly instanceId: string;
  private readonly batchSize: number;
  private readonly leaseInMs: number;
  private readonly perConversation: TokenBucketSpec;
  private readonly global: TokenBucketSpec;
  readonly digestWindowInMs: number;
  private readonly maxAttempts: number;
  private readonly retryBaseInMs: number;
  private readonly retryMaxInMs: number;
  private readonly sendTimeoutInMs: number;
  private readonly sendConcurrency: number;
  private readonly pollIntervalInMs: number;
  private running: Promise<void> | undefined;
  private stopController: AbortController | undefined;
  private wakeUp: (() => void) | undefined;
  private readonly onUnmatched: ((event: AlertEvent) => void) | undefined;

  constructor(options: AlertDispatcherOptions) {
    this.onUnmatched = options.onUnmatched;
    this.db = options.db;
    this.sender = options.sender;
    this.subscriptions = new SubscriptionStore(options.db);
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.instanceId = options.instanceId ?? `dispatcher-${Math.random().toString(36).slice(2, 10)}`;
    this.batchSize = options.batchSize ?? 100;
    this.leaseInMs = options.leaseInMs ?? 60_000;
    this.perConversation = options.perConversation ?? { capacity: 3, refillPerSecond: 0.5 };
    this.global = options.global ?? { capacity: 20, refillPerSecond: 10 };
    this.digestWindowInMs = options.digestWindowInMs ?? 5 * 60_000;
    this.maxAttempts = options.maxAttempts ?? 6;
    this.retryBaseInMs = options.retryBaseInMs ?? 2_000;
    this.retryMaxInMs = options.retryMaxInMs ?? 5 * 60_000;
    this.sendTimeoutInMs = options.sendTimeoutInMs ?? 15_000;
    this.sendConcurrency = options.sendConcurrency ?? 4;
    this.pollIntervalInMs = options.pollIntervalInMs ?? 1_000;
  }

  private nowIso(offsetInMs = 0): string {
    return new Date(this.clock.now().getTime() + offsetInMs).toISOString();
  }

  /** One round of every step. */
  async runOnce(signal?: AbortSignal): Promise<DispatchStats> {
    const stats = emptyStats();
    stats.routed = await this.route();
    signal?.throwIfAborted();
    await this.sendDue(stats, signal);
    signal?.throwIfAborted();
    await this.flushDigests(stats, signal);
    stats.settled = await this.settle();
    return stats;
  }

  // ---- 1. routing ----

  private async route(): Promise<number> {
    const now = this.nowIso();
    const { rows } = await this.db.query<{ id: number; payload: AlertEvent; attempts: number }>(
      `UPDATE alert_events SET lease_until = $2, attempts = attempts + 1
       WHERE id IN (SELECT id FROM alert_events WHERE state = 'queued' AND (lease_until IS NULL OR lease_until <= $1)
                    ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING id, payload, attempts`,
      [now, this.nowIso(this.leaseInMs), this.batchSize],
    );
    if (rows.length === 0) return 0;
    const registries = [...new Set(rows.map((r) => r.payload.registry).filter((r): r is string => Boolean(r)))];
    const subscriptions = await this.subscriptions.listForRegistries(registries);
    const deliveries: object[] = [];
    const matched: { id: number; conversations: number }[] = [];
    for (const row of rows) {
      const perConversation = new Map<string, Subscription>();
      for (const subscription of subscriptions) {
        if (!subscriptionMatches(subscription, row.payload)) continue;
        const key = `${subscription.conversation.platform}\u0000${subscription.conversation.conversationId}`;
        if (!perConversation.has(key)) perConversation.set(key, subscription); // oldest subscription decides language and digest line
      }
      for (const subscription of perConversation.values()) {
        deliveries.push({
          eventId: row.id,
          platform: subscription.conversation.platform,
          conversationId: subscription.conversation.conversationId,
          subscriptionId: subscription.id,
          lang: subscription.lang,
          group: `${row.payload.type}|${subscription.registry}/${subscription.repositoryPattern}`,
        });
      }
      matched.push({ id: row.id, conversations: perConversation.size });
      if (perConversation.size === 0 && row.attempts === 1) {
        this.logger.info(
          {
            eventId: row.payload.id,
            type: row.payload.type,
            registry: row.payload.registry,
            repository: row.payload.repository,
          },
          'alert matched no subscription; nothing to deliver',
        );
        this.onUnmatched?.(row.payload);
      }
    }
    await this.db.transaction(async (tx) => {
      // Idempotent: a second router whose lease overlapped inserts nothing and updates nothing.
      await tx.query(
        `INSERT INTO alert_deliveries (event_id, platform, conversation_id, subscription_id, lang, digest_group, next_attempt_at)
         SELECT (d->>'eventId')::bigint, d->>'platform', d->>'conversationId', (d->>'subscriptionId')::bigint, d->>'lang', d->>'group', $2::timestamptz
         FROM jsonb_array_elements($1::jsonb) AS d
         ON CONFLICT (event_id, platform, conversation_id) DO NOTHING`,
        [JSON.stringify(deliveries), now],
      );
      await tx.query(
        `UPDATE alert_events e
         SET state = CASE WHEN (m->>'conversations')::int = 0 THEN 'delivered' ELSE 'delivering' END,
             matched_conversations = (m->>'conversations')::int,
             settled_at = CASE WHEN (m->>'conversations')::int = 0 THEN $2::timestamptz END,
             lease_until = NULL
         FROM jsonb_array_elements($1::jsonb) AS m
         WHERE e.id = (m->>'id')::bigint AND e.state = 'queued'`,
        [JSON.stringify(matched), now],
      );
    });
    return rows.length;
  }

  // ---- 2. sending ----

  private async sendDue(stats: DispatchStats, signal?: AbortSignal): Promise<void> {
    const now = this.nowIso();
    const { rows } = await this.db.query<ClaimedDelivery>(
      `UPDATE alert_deliveries d SET state = 'sending', lease_until = $2
       FROM alert_events e
       WHERE e.id = d.event_id AND d.id IN (
         SELECT id FROM alert_deliveries
         WHERE (state = 'pending' AND next_attempt_at <= $1) OR (state = 'sending' AND lease_until <= $1)
         ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING d.id, d.platform, d.conversation_id, d.lang, d.attempts, e.payload`,
      [now, this.nowIso(this.leaseInMs), this.batchSize],
    );
    rows.sort((a, b) => Number(a.id) - Number(b.id));
    const claimedAtInMs = Date.now();
    for (const row of rows) row.claimedAtInMs = claimedAtInMs;
    // One conversation's deliveries go in order; conversations run in parallel.
    const byConversation = new Map<string, ClaimedDelivery[]>();
    for (const row of rows) {
      const key = `${row.platform}\u0000${row.conversation_id}`;
      byConversation.set(key, [...(byConversation.get(key) ?? []), row]);
    }
    // A few workers take whole conversations from the list, so at most sendConcurrency sends run at once.
    const lists = [...byConversation.values()];
    const exhausted = new Set<string>();
    const worker = async () => {
      for (let list = lists.shift(); list; list = lists.shift()) {
        for (const delivery of list) await this.deliver(delivery, stats, exhausted, signal);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.sendConcurrency, lists.length) }, worker));
  }

  private async deliver(
    delivery: ClaimedDelivery,
    stats: DispatchStats,
    exhausted: Set<string>,
    signal?: AbortSignal,
  ): Promise<void> {
    const now = this.clock.now();
    const conversationKey = `conversation:${delivery.platform}:${delivery.conversation_id}`;
    // Once a conversation's bucket ran dry in this round, the rest of its deliveries join the digest directly.
    if (exhausted.has(conversationKey) || !(await takeToken(this.db, conversationKey, this.perConversation, now))) {
      exhausted.add(conversationKey);
      await this.foldIntoDigest(delivery);
      stats.folded++;
      return;
    }
    if (!(await takeToken(this.db, GLOBAL_BUCKET_KEY, this.global, now))) {
      // Over the bot-wide cap: not this channel's fault, so no digest — try again shortly.
      await returnToken(this.db, conversationKey, this.perConversation);
      await this.db.query(
        `UPDATE alert_deliveries SET state = 'pending', lease_until = NULL, next_attempt_at = $2 WHERE id = $1 AND state = 'sending'`,
        [delivery.id, this.nowIso(Math.ceil(1000 / this.global.refillPerSecond))],
      );
      stats.deferred++;
      return;
    }
    const conversation: ConversationKey = { platform: delivery.platform, conversationId: delivery.conversation_id };
    try {
      await this.sendWithTimeout(conversation, renderAlert(delivery.payload, delivery.lang), signal);
    } catch (error) {
      await this.recordFailure('alert_deliveries', delivery.id, delivery.attempts + 1, error, stats, {
        eventId: delivery.payload.id,
        conversation,
      });
      return;
    }
    await this.recordSent(delivery.id, (delivery.claimedAtInMs ?? Date.now()) + this.leaseInMs * 0.8);
    stats.sent++;
  }

  /**
   * The message is out: if this write were lost (database restarting), the delivery would stay 'sending'
   * and be sent again once its lease ran out. So it is retried through a short outage until 80 % of the
   * claim's lease has passed (after that another instance may take it), then it gives up: the re-send is
   * the price of not losing the alert.
   */
  private async recordSent(id: number, deadline: number): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.db.query(
          `UPDATE alert_deliveries SET state = 'sent', delivered_via = 'message', delivered_at = $2, lease_until = NULL, attempts = attempts + 1
           WHERE id = $1 AND state = 'sending'`,
          [id, this.nowIso()],
        );
        return;
      } catch (error) {
        const waitInMs = Math.min(200 * 2 ** attempt, 2000);
        if (Date.now() + waitInMs > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, waitInMs));
      }
    }
  }

  /** Joins (or opens) the conversation's digest; one transaction, so a digest being closed sees it or not at all. */
  private async foldIntoDigest(delivery: ClaimedDelivery): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: number }>(
        `INSERT INTO alert_digests AS g (platform, conversation_id, lang, opened_at, closes_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (platform, conversation_id) WHERE state = 'open' DO UPDATE SET closes_at = g.closes_at
         RETURNING id`,
        [delivery.platform, delivery.conversation_id, delivery.lang, this.nowIso(), this.nowIso(this.digestWindowInMs)],
      );
      await tx.query(
        `UPDATE alert_deliveries SET state = 'in_digest', digest_id = $2, lease_until = NULL WHERE id = $1 AND state = 'sending'`,
        [delivery.id, rows[0].id],
      );
    });
  }

  private async sendWithTimeout(
    conversation: ConversationKey,
    reply: ReturnType<typeof renderAlert>,
    signal?: AbortSignal,
  ): Promise<void> {
    const timeout = AbortSignal.timeout(this.sendTimeoutInMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(combined.reason ?? new Error('send aborted'));
      combined.addEventListener('abort', onAbort, { once: true });
      this.sender.send(conversation, reply, combined).then(
        () => {
          combined.removeEventListener('abort', onAbort);
          resolve();
        },
        (error: unknown) => {
          combined.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  private backoffInMs(attempt: number): number {
    return Math.min(this.retryMaxInMs, this.retryBaseInMs * 2 ** Math.max(0, attempt - 1));
  }

  private async recordFailure(
    table: 'alert_deliveries' | 'alert_digests',
    id: number,
    attempt: number,
    error: unknown,
    stats: DispatchStats,
    context: object,
  ): Promise<void> {
    const text = safeErrorText(error);
    if (attempt >= this.maxAttempts) {
      this.logger.error(
        { ...context, table, id, attempts: attempt, error: text, instance: this.instanceId },
        'alert delivery failed for good',
      );
      if (table === 'alert_deliveries') {
        await this.db.query(
          `UPDATE alert_deliveries SET state = 'failed', attempts = $2, last_error = $3, lease_until = NULL WHERE id = $1 AND state = 'sending'`,
          [id, attempt, text],
        );
      } else {
        await this.db.transaction(async (tx) => {
          await tx.query(
            `UPDATE alert_digests SET state = 'failed', last_error = $2, lease_until = NULL WHERE id = $1 AND state = 'sending'`,
            [id, text],
          );
          await tx.query(
            `UPDATE alert_deliveries SET state = 'failed', last_error = $2 WHERE digest_id = $1 AND state = 'in_digest'`,
            [id, text],
          );
        });
      }
      stats.failed++;
      return;
    }
    const retryAt = this.nowIso(this.backoffInMs(attempt));
    this.logger.warn(
      { ...context, table, id, attempts: attempt, retryAt, error: text, instance: this.instanceId },
      'alert send failed, will retry',
    );
    if (table === 'alert_deliveries') {
      await this.db.query(
        `UPDATE alert_deliveries SET state = 'pending', attempts = $2, last_error = $3, next_attempt_at = $4, lease_until = NULL WHERE id = $1 AND state = 'sending'`,
        [id, attempt, text, retryAt],
      );
    } else {
      // A digest keeps its 'sending' state; its lease is the time of the next attempt.
      await this.db.query(
        `UPDATE alert_digests SET last_error = $2, lease_until = $3 WHERE id = $1 AND state = 'sending'`,
        [id, text, retryAt],
      );
    }
    stats.retried++;
  }

  // ---- 3. digests ----

  private async flushDigests(stats: DispatchStats, signal?: AbortSignal): Promise<void> {
    const now = this.nowIso();
    const { rows } = await this.db.query<ClaimedDigest>(
      `UPDATE alert_digests SET state = 'sending', lease_until = $2, attempts = attempts + 1
       WHERE id IN (SELECT id FROM alert_digests
                    WHERE (state = 'open' AND closes_at <= $1) OR (state = 'sending' AND lease_until <= $1)
                    ORDER BY closes_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING id, platform, conversation_id, lang, attempts, opened_at, closes_at`,
      [now, this.nowIso(this.leaseInMs), this.batchSize],
    );
    for (const digest of rows) {
      signal?.throwIfAborted();
      await this.sendDigest(digest, stats, signal);
    }
  }

  private async sendDigest(digest: ClaimedDigest, stats: DispatchStats, signal?: AbortSignal): Promise<void> {
    const { rows } = await this.db.query<{ digest_group: string; n: number; severity: number }>(
      `SELECT d.digest_group, count(*)::int AS n, min((e.payload->>'severity')::int) AS severity
       FROM alert_deliveries d JOIN alert_events e ON e.id = d.event_id
       WHERE d.digest_id = $1 AND d.state = 'in_digest'
       GROUP BY d.digest_group ORDER BY d.digest_group`,
      [digest.id],
    );
    const count = rows.reduce((sum, r) => sum + r.n, 0);
    if (count > 0) {
      if (!(await takeToken(this.db, GLOBAL_BUCKET_KEY, this.global, this.clock.now()))) {
        await this.db.query(`UPDATE alert_digests SET lease_until = $2 WHERE id = $1 AND state = 'sending'`, [
          digest.id,
          this.nowIso(Math.ceil(1000 / this.global.refillPerSecond)),
        ]);
        stats.deferred++;
        return;
      }
      const groups: DigestGroup[] = rows.map((r) => {
        const [type, target] = [
          r.digest_group.slice(0, r.digest_group.indexOf('|')),
          r.digest_group.slice(r.digest_group.indexOf('|') + 1),
        ];
        return { type: type as AlertEventType, target, count: r.n, severity: r.severity as Severity };
      });
      const minutes = Math.max(
        1,
        Math.round((new Date(digest.closes_at).getTime() - new Date(digest.opened_at).getTime()) / 60_000),
      );
      const conversation: ConversationKey = { platform: digest.platform, conversationId: digest.conversation_id };
      try {
        await this.sendWithTimeout(conversation, renderDigest(Number(digest.id), digest.lang, groups, minutes), signal);
      } catch (error) {
        await this.recordFailure('alert_digests', digest.id, digest.attempts, error, stats, {
          digestId: digest.id,
          conversation,
        });
        return;
      }
    }
    const sentAt = this.nowIso();
    await this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE alert_digests SET state = 'sent', item_count = $2, sent_at = $3, lease_until = NULL WHERE id = $1`,
        [digest.id, count, sentAt],
      );
      await tx.query(
        `UPDATE alert_deliveries SET state = 'sent', delivered_via = 'digest', delivered_at = $2 WHERE digest_id = $1 AND state = 'in_digest'`,
        [digest.id, sentAt],
      );
    });
    if (count > 0) stats.digestsSent++;
  }

  // ---- 4. settling ----

  private async settle(): Promise<number> {
    const { affectedRows } = await this.db.query(
      `UPDATE alert_events e
       SET state = CASE WHEN EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.event_id = e.id AND d.state = 'failed') THEN 'failed' ELSE 'delivered' END,
           settled_at = $1
       WHERE e.state = 'delivering'
         AND NOT EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.event_id = e.id AND d.state IN ('pending', 'sending', 'in_digest'))`,
      [this.nowIso()],
    );
    return affectedRows;
  }

  // ---- loop ----

  /** Cuts the idle wait short (call after enqueueing). */
  wake(): void {
    this.wakeUp?.();
  }

  /** Runs rounds until stop(): back to back while there is work, else every pollIntervalInMs. */
  start(): void {
    if (this.running) return;
    const controller = new AbortController();
    this.stopController = controller;
    this.running = (async () => {
      while (!controller.signal.aborted) {
        let busy = false;
        try {
          const stats = await this.runOnce(controller.signal);
          busy = stats.routed + stats.sent + stats.folded + stats.digestsSent + stats.retried > 0;
        } catch (error) {
          if (controller.signal.aborted) break;
          this.logger.error({ err: error, instance: this.instanceId }, 'alert dispatcher round failed');
        }
        if (!busy && !controller.signal.aborted) {
          await new Promise<void>((resolve) => {
            const wake = () => {
              clearTimeout(timer);
              // One listener per idle wait, removed again: the signal lives as long as the dispatcher.
              controller.signal.removeEventListener('abort', wake);
              resolve();
            };
            const timer = setTimeout(wake, this.pollIntervalInMs);
            this.wakeUp = wake;
            controller.signal.addEventListener('abort', wake, { once: true });
          });
          this.wakeUp = undefined;
        }
      }
    })();
  }

  /** Stops after the current round (in-flight sends are aborted and retried later). */
  async stop(): Promise<void> {
    this.stopController?.abort();
    await this.running;
    this.running = undefined;
  }
}
