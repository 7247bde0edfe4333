/**
 * Two bot instances (two dispatchers, two connection pools) on one REAL PostgreSQL server deliver
 * every alert exactly once, and only one of two watcher schedulers polls.
 */
import { openDatabase, type SqlDatabase } from '../../../src/storage/database.js';
import { AlertDispatcher } from '../../../src/features/alerts/dispatcher.js';
import { AlertQueue } from '../../../src/features/alerts/queue.js';
import { SubscriptionStore } from '../../../src/features/alerts/subscriptions.js';
import type { AlertEvent, ConversationKey } from '../../../src/features/alerts/types.js';
import { WatcherScheduler } from '../../../src/features/alerts/watchers/scheduler.js';
import type { Watcher } from '../../../src/features/alerts/watchers/types.js';
import { startTestPostgres, type TestPostgres } from '../../helpers/postgres.js';
import { RecordingSender, registerConversation } from '../../helpers/alerts.js';

let server: TestPostgres;
let a: SqlDatabase;
let b: SqlDatabase;

beforeAll(async () => {
  server = await startTestPostgres();
  const url = await server.createDatabase();
  a = await openDatabase({ databaseUrl: url, maxConnections: 4 });
  b = await openDatabase({ databaseUrl: url, maxConnections: 4 });
}, 50_000);
afterAll(async () => {
  await a?.close();
  await b?.close();
  await server?.stop();
}, 30_000);

it('delivers each alert exactly once with two dispatchers racing on one PostgreSQL', async () => {
  const conversations: ConversationKey[] = Array.from({ length: 5 }, (_, i) => ({
    platform: 'teams',
    conversationId: `19:room-${i}@thread.tacv2`,
  }));
  const store = new SubscriptionStore(a);
  for (const conversation of conversations) {
    await registerConversation(a, conversation);
    await store.add({
      conversation,
      registry: 'myregistry',
      repositoryPattern: '**',
      eventTypes: [],
      minSeverity: 4,
      lang: 'en',
      createdBy: 'u',
    });
  }
  const EVENTS = 300;
  const events: AlertEvent[] = Array.from({ length: EVENTS }, (_, i) => ({
    source: 'acr-webhook',
    id: `acr:pg-${i}`,
    type: 'push',
    occurredAt: new Date().toISOString(),
    severity: 3,
    registry: 'myregistry',
    repository: 'app/web',
    tag: `v${i}`,
  }));
  // Both instances receive: half the events each, plus every 5th event on both (a sender retrying elsewhere).
  const queueA = new AlertQueue(a);
  const queueB = new AlertQueue(b);
  await Promise.all([
    queueA.enqueue(events.filter((_, i) => i % 2 === 0 || i % 5 === 0)),
    queueB.enqueue(events.filter((_, i) => i % 2 === 1 || i % 5 === 0)),
  ]);
  expect((await queueA.countByState()).queued).toBe(EVENTS);

  const sender = new RecordingSender();
  // Limits high enough that every alert goes out alone: any double send would show up as a duplicate.
  const options = {
    sender,
    batchSize: 40,
    perConversation: { capacity: 10_000, refillPerSecond: 10_000 },
    global: { capacity: 10_000, refillPerSecond: 10_000 },
  };
  const dispatchers = [
    new AlertDispatcher({ ...options, db: a, instanceId: 'a' }),
    new AlertDispatcher({ ...options, db: b, instanceId: 'b' }),
  ];
  const perInstance = [0, 0];
  await Promise.all(
    dispatchers.map(async (d, index) => {
      for (let round = 0; round < 200; round++) {
        const stats = await d.runOnce();
        perInstance[index] += stats.sent;
        const { rows } = await a.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM alert_events WHERE state IN ('queued', 'delivering')`,
        );
        if (rows[0].n === 0) return;
      }
    }),
  );
  const keys = sender.sent.map((s) => `${s.conversation.conversationId}|${s.reply.eventId}`);
  expect(keys).toHaveLength(EVENTS * conversations.length);
  expect(new Set(keys).size).toBe(keys.length);
  expect(perInstance[0] + perInstance[1]).toBe(EVENTS * conversations.length);
  expect(perInstance.every((n) => n > 0)).toBe(true); // both really took part
  expect(await queueA.countByState()).toEqual({ queued: 0, delivering: 0, delivered: EVENTS, failed: 0 });
}, 50_000);

it('lets only the lease holder of two watcher schedulers poll', async () => {
  let checks = 0;
  const watcher: Watcher<{ n: number }> = {
    name: 'counting',
    async check({ state }) {
      checks++;
      return { events: [], state: { n: (state?.n ?? 0) + 1 } };
    },
  };
  const make = (db: SqlDatabase, instanceId: string) =>
    new WatcherScheduler({ db, inbox: new AlertQueue(db), watchers: [watcher], instanceId, intervalInMs: 60_000 });
  const [first, second] = [make(a, 'instance-a'), make(b, 'instance-b')];
  const results = await Promise.all([first.runOnce(), second.runOnce(), first.runOnce(), second.runOnce()]);
  // Rounds: [a, b, a, b]. One instance leads both of its rounds, the other none.
  const leads = [results[0].leader && results[2].leader, results[1].leader && results[3].leader];
  expect(leads.filter(Boolean)).toHaveLength(1);
  expect(results.filter((r) => r.leader)).toHaveLength(2);
  expect(checks).toBe(2);
  const { rows } = await a.query<{ holder: string }>('SELECT holder FROM alert_leases');
  expect(rows).toHaveLength(1);
  expect([results[0].leader, results[1].leader]).toEqual(
    rows[0].holder === 'instance-a' ? [true, false] : [false, true],
  );
}, 30_000);
