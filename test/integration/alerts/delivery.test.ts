/**
 * Fan-out and delivery on a real embedded PostgreSQL (PGlite), with a fake clock and a recording
 * ProactiveSender (the port the Teams channel implements): rate limits fold surplus into digests,
 * failed sends are retried then marked failed, and a 1,000-event burst through HTTP is accounted
 * for exactly once.
 */
import { getEventListeners } from 'node:events';
import { openDatabase, MEMORY_DATA_DIR, type SqlDatabase } from '../../../src/storage/database.js';
import { AlertDispatcher, type AlertDispatcherOptions } from '../../../src/features/alerts/dispatcher.js';
import { AlertQueue } from '../../../src/features/alerts/queue.js';
import { createAlertsRouter } from '../../../src/features/alerts/router.js';
import { SubscriptionStore } from '../../../src/features/alerts/subscriptions.js';
import type { AlertEvent, ConversationKey } from '../../../src/features/alerts/types.js';
import { FakeClock, fixture, RecordingSender, registerConversation, serveRouter } from '../../helpers/alerts.js';

let db: SqlDatabase;
const ops: ConversationKey = { platform: 'teams', conversationId: '19:ops@thread.tacv2' };
const devs: ConversationKey = { platform: 'teams', conversationId: '19:devs@thread.tacv2' };

beforeAll(async () => {
  db = await openDatabase({ dataDir: MEMORY_DATA_DIR });
  await registerConversation(db, ops);
  await registerConversation(db, devs);
}, 30_000);
afterAll(async () => db?.close());
beforeEach(async () => {
  await db.exec(
    'DELETE FROM alert_deliveries; DELETE FROM alert_digests; DELETE FROM alert_events; DELETE FROM alert_subscriptions; DELETE FROM alert_rate_buckets;',
  );
});

function push(i: number, repository = 'app/web', registry = 'myregistry'): AlertEvent {
  return {
    source: 'acr-webhook',
    id: `acr:evt-${i}`,
    type: 'push',
    occurredAt: '2025-06-01T11:59:00Z',
    severity: 3,
    registry,
    repository,
    tag: `v${i}`,
    digest: `sha256:${String(i).padStart(64, '0')}`,
  };
}

function dispatcher(
  clock: FakeClock,
  sender: RecordingSender,
  extra: Partial<AlertDispatcherOptions> = {},
): AlertDispatcher {
  return new AlertDispatcher({
    db,
    sender,
    clock,
    perConversation: { capacity: 2, refillPerSecond: 0.5 },
    global: { capacity: 1000, refillPerSecond: 1000 },
    digestWindowInMs: 5 * 60_000,
    retryBaseInMs: 1_000,
    maxAttempts: 3,
    ...extra,
  });
}

/** Rounds until nothing moves; the clock is advanced past digest windows and retry delays in between. */
async function drain(d: AlertDispatcher, clock: FakeClock, rounds = 50): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    const s = await d.runOnce();
    if (s.routed + s.sent + s.folded + s.digestsSent + s.retried + s.failed + s.settled + s.deferred === 0) {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM alert_events WHERE state IN ('queued', 'delivering')`,
      );
      if (rows[0].n === 0) return;
      clock.advance(60_000);
    }
  }
  throw new Error('dispatcher did not settle');
}

async function eventStates(): Promise<Record<string, number>> {
  const { rows } = await db.query<{ state: string; n: number }>(
    'SELECT state, count(*)::int AS n FROM alert_events GROUP BY state',
  );
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

describe('database outage after a send', () => {
  it('a sent message whose record fails a few times is recorded once the database answers, and never sent again', async () => {
    await new SubscriptionStore(db).add({
      conversation: ops,
      registry: 'myregistry',
      repositoryPattern: '**',
      eventTypes: [],
      minSeverity: 4,
      lang: 'en',
      createdBy: 'u1',
    });
    await new AlertQueue(db).enqueue([push(1)]);
    let failures = 2; // the database is restarting when the send returns
    const flaky: SqlDatabase = Object.assign(Object.create(db) as SqlDatabase, {
      query: (sql: string, params?: unknown[]) =>
        sql.includes("SET state = 'sent'") && failures-- > 0
          ? Promise.reject(new Error('Connection terminated unexpectedly'))
          : db.query(sql, params),
    });
    const clock = new FakeClock();
    const sender = new RecordingSender();
    const d = dispatcher(clock, sender, { db: flaky });
    await drain(d, clock);
    clock.advance(10 * 60_000); // far past any lease: nothing is left 'sending' to be sent again
    await d.runOnce();
    expect(failures).toBe(-1);
    expect(sender.sent.map((s) => s.reply.eventId)).toEqual(['acr:evt-1']);
    expect(await eventStates()).toEqual({ delivered: 1 });
  });
});

describe('fan-out', () => {
  it('sends matching events to each subscribed conversation once, localized, and settles the rest', async () => {
    const subscriptions = new SubscriptionStore(db);
    await subscriptions.add({
      conversation: ops,
      registry: 'myregistry',
      repositoryPattern: 'app/*',
      eventTypes: ['push'],
      minSeverity: 4,
      lang: 'ja',
      createdBy: 'u1',
    });
    // Two overlapping subscriptions of one conversation still give one message per event.
    await subscriptions.add({
      conversation: devs,
      registry: 'myregistry',
      repositoryPattern: '**',
      eventTypes: [],
      minSeverity: 4,
      lang: 'de',
      createdBy: 'u2',
    });
    await subscriptions.add({
      conversation: devs,
      registry: 'myregistry',
      repositoryPattern: 'app/**',
      eventTypes: [],
      minSeverity: 4,
      lang: 'de',
      createdBy: 'u2',
    });
    const queue = new AlertQueue(db);
    await queue.enqueue([push(1), push(2, 'lib/core'), push(3, 'app/web', 'otherregistry')]);
    const clock = new FakeClock();
    const sender = new RecordingSender();
    await drain(dispatcher(clock, sender), clock);

    const got = sender.sent.map((s) => [s.conversation.conversationId, s.reply.eventId, s.reply.lang]);
    expect(got.sort()).toEqual(
      [
        [devs.conversationId, 'acr:evt-1', 'de'],
        [devs.conversationId, 'acr:evt-2', 'de'],
        [ops.conversationId, 'acr:evt-1', 'ja'],
      ].sort(),
    );
    const ja = sender.sent.find((s) => s.reply.lang === 'ja')!.reply;
    expect(ja.title).toBe('イメージがプッシュされました: app/web:v1');
    expect(ja.actions).toEqual([
      {
        type: 'submit',
        verb: 'registry.tags',
        label: 'タグを表示',
        data: { registry: 'myregistry', repository: 'app/web' },
      },
    ]);
    expect(await eventStates()).toEqual({ delivered: 3 });
  });

  it('folds what the per-conversation limit holds back into one digest sent when the window closes', async () => {
    await new SubscriptionStore(db).add({
      conversation: ops,
      registry: 'myregistry',
      repositoryPattern: 'app/*',
      eventTypes: ['push'],
      minSeverity: 4,
      lang: 'en',
      createdBy: 'u1',
    });
    await new AlertQueue(db).enqueue(Array.from({ length: 39 }, (_, i) => push(i)));
    const clock = new FakeClock();
    const sender = new RecordingSender();
    const d = dispatcher(clock, sender);
    await d.runOnce();
    expect(sender.sent.map((s) => s.reply.kind)).toEqual(['alert', 'alert']); // the burst capacity
    expect(await eventStates()).toEqual({ delivering: 37, delivered: 2 });
    clock.advance(4 * 60_000);
    await d.runOnce();
    expect(sender.sent).toHaveLength(2); // window still open
    clock.advance(60_000);
    await d.runOnce();
    const digest = sender.sent[2].reply;
    expect(digest.kind).toBe('digest');
    expect(digest.digest!.count).toBe(37);
    expect(digest.digest!.lines).toEqual(['37 pushes to myregistry/app/* in the last 5 minutes']);
    expect(await eventStates()).toEqual({ delivered: 39 });
    const { rows } = await db.query<{ via: string; n: number }>(
      'SELECT delivered_via AS via, count(*)::int AS n FROM alert_deliveries GROUP BY delivered_via ORDER BY via',
    );
    expect(rows).toEqual([
      { via: 'digest', n: 37 },
      { via: 'message', n: 2 },
    ]);
  });

  it('retries a failed send with backoff, then marks it failed and logs it — never drops it silently', async () => {
    await new SubscriptionStore(db).add({
      conversation: ops,
      registry: 'myregistry',
      repositoryPattern: '**',
      eventTypes: [],
      minSeverity: 4,
      lang: 'en',
      createdBy: 'u1',
    });
    await new AlertQueue(db).enqueue([push(1)]);
    const clock = new FakeClock();
    const sender = new RecordingSender();
    sender.failing.add(ops.conversationId);
    const logged: string[] = [];
    const logger = {
      debug() {},
      info() {},
      warn: (_: object, m?: string) => logged.push(`warn ${m}`),
      error: (_: object, m?: string) => logged.push(`error ${m}`),
    };
    const d = dispatcher(clock, sender, { logger, perConversation: { capacity: 100, refillPerSecond: 100 } });
    await d.runOnce();
    const { rows } = await db.query<{ state: string; attempts: number; next_attempt_at: Date }>(
      'SELECT state, attempts, next_attempt_at FROM alert_deliveries',
    );
    expect(rows[0]).toMatchObject({ state: 'pending', attempts: 1 });
    expect(new Date(rows[0].next_attempt_at).getTime() - clock.now().getTime()).toBe(1_000);
    await d.runOnce(); // not due yet
    expect((await db.query<{ attempts: number }>('SELECT attempts FROM alert_deliveries')).rows[0].attempts).toBe(1);
    await drain(d, clock);
    expect(await eventStates()).toEqual({ failed: 1 });
    expect((await db.query('SELECT state, attempts, last_error FROM alert_deliveries')).rows).toEqual([
      { state: 'failed', attempts: 3, last_error: 'Error: 403 bot removed from 19:ops@thread.tacv2' },
    ]);
    expect(logged).toEqual([
      'warn alert send failed, will retry',
      'warn alert send failed, will retry',
      'error alert delivery failed for good',
    ]);
  });

  it('defers (no digest) when the bot-wide cap is reached', async () => {
    await new SubscriptionStore(db).add({
      conversation: ops,
      registry: 'myregistry',
      repositoryPattern: '**',
      eventTypes: [],
      minSeverity: 4,
      lang: 'en',
      createdBy: 'u1',
    });
    await new SubscriptionStore(db).add({
      conversation: devs,
      registry: 'myregistry',
      repositoryPattern: '**',
      eventTypes: [],
      minSeverity: 4,
      lang: 'en',
      createdBy: 'u1',
    });
    await new AlertQueue(db).enqueue([push(1), push(2)]);
    const clock = new FakeClock();
    const sender = new RecordingSender();
    const d = dispatcher(clock, sender, {
      global: { capacity: 1, refillPerSecond: 1 },
      perConversation: { capacity: 10, refillPerSecond: 10 },
    });
    const first = await d.runOnce();
    expect(first).toMatchObject({ sent: 1, deferred: 3, folded: 0 });
    await drain(d, clock);
    expect(sender.sent.every((s) => s.reply.kind === 'alert')).toBe(true);
    expect(sender.sent).toHaveLength(4);
  });
});

describe('burst through HTTP', () => {
  it('accounts for every accepted event of a 1,000-event burst exactly once (alone or in a digest)', async () => {
    const SECRET = 'burst-secret';
    const queue = new AlertQueue(db, { maxQueuedEvents: 10_000 });
    const server = await serveRouter(createAlertsRouter({ inbox: queue, secrets: { acrWebhookSecret: SECRET } }));
    await new SubscriptionStore(db).add({
      conversation: ops,
      registry: 'myregistry',
      repositoryPattern: 'app/*',
      eventTypes: ['push'],
      minSeverity: 4,
      lang: 'en',
      createdBy: 'u1',
    });
    await new SubscriptionStore(db).add({
      conversation: devs,
      registry: 'myregistry',
      repositoryPattern: '**',
      eventTypes: [],
      minSeverity: 4,
      lang: 'sv',
      createdBy: 'u2',
    });
    const base = fixture<Record<string, unknown> & { target: object }>('acr-push.json');
    const TOTAL = 1_000;
    const IN_FLIGHT = 50;
    let next = 0;
    let accepted = 0;
    const statuses = new Map<number, number>();
    try {
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (next < TOTAL) {
            const i = next++;
            // Every 10th event is sent twice (a sender retry): de-duplicated, still counted once.
            for (let copy = 0; copy < (i % 10 === 0 ? 2 : 1); copy++) {
              const response = await fetch(`${server.url}/acr`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', 'x-acr-webhook-secret': SECRET },
                body: JSON.stringify({
                  ...base,
                  id: `burst-${i}`,
                  target: { ...base.target, repository: i % 2 ? 'app/web' : 'app/api', tag: `v${i}` },
                }),
              });
              statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
              if (response.status === 202) accepted += ((await response.json()) as { accepted: number }).accepted;
            }
          }
        }),
      );
    } finally {
      await server.close();
    }
    expect(statuses.get(202)).toBe(TOTAL + TOTAL / 10);
    expect(accepted).toBe(TOTAL);

    const clock = new FakeClock();
    const sender = new RecordingSender();
    await drain(dispatcher(clock, sender, { batchSize: 200 }), clock, 200);
    expect(await eventStates()).toEqual({ delivered: TOTAL });
    for (const conversation of [ops, devs]) {
      const sent = sender.sent.filter((s) => s.conversation.conversationId === conversation.conversationId);
      const individual = sent.filter((s) => s.reply.kind === 'alert').map((s) => s.reply.eventId);
      expect(new Set(individual).size).toBe(individual.length);
      expect(sender.accounted(conversation.conversationId)).toBe(TOTAL);
      expect(individual.length).toBeLessThan(TOTAL); // the limit did fold most of the burst
    }
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM alert_deliveries WHERE state = 'sent' AND (delivered_via = 'message') = (digest_id IS NULL)`,
    );
    expect(rows[0].n).toBe(2 * TOTAL);
  }, 60_000);
});

describe('idle polling', () => {
  test('a long-idle dispatcher keeps at most one abort listener on its stop signal (no leak)', async () => {
    const d = dispatcher(new FakeClock(), new RecordingSender(), { pollIntervalInMs: 2 });
    d.start();
    // ~50 idle rounds; each waits on the stop signal. Reads the private controller to count listeners.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const signal = (d as unknown as { stopController: AbortController }).stopController.signal;
    const listeners = getEventListeners(signal, 'abort').length;
    await d.stop();
    expect(listeners).toBeLessThanOrEqual(1);
  });
});
