/**
 * Retention (CHATOPS_RETENTION_DAYS) on PGlite and on a real PostgreSQL: two instances' watcher
 * schedulers share one database; only the lease holder deletes; exactly the rows past the period and in
 * an end state go; the audit log keeps every record, gains one `retention.purge` record, and verifies.
 */
import { jest } from '@jest/globals';
import { AuditLog } from '../../../src/storage/audit-log.js';
import { WatcherScheduler } from '../../../src/features/alerts/watchers/scheduler.js';
import type { AlertInbox } from '../../../src/features/alerts/queue.js';
import { loadConfig } from '../../../src/config/index.js';
import { createRetention } from '../../../src/main.js';
import { createAct } from '../../../src/features/act/index.js';
import { createAlerts } from '../../../src/features/alerts/index.js';
import { createAsk } from '../../../src/features/ask/index.js';
import { FakeMatcher, MemoryLogger } from '../../helpers/bot-fakes.js';
import { FeedbackStore } from '../../../src/storage/feedback-store.js';
import type { SqlDatabase } from '../../../src/storage/database.js';
import { testDatabaseFactories } from '../../helpers/databases.js';

jest.setTimeout(60_000);

const DAY = 86_400_000;
const NOW = new Date('2026-06-30T12:00:00Z');
const ago = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();
const tables = [
  'alert_events',
  'alert_deliveries',
  'alert_digests',
  'alert_leases',
  'feedback',
  'approval_requests',
  'action_checkpoints',
  'action_reports',
  'kb_misses',
];
const noInbox: AlertInbox = { enqueue: async () => ({ status: 'accepted', accepted: 0, duplicates: 0 }) };

async function addRequest(db: SqlDatabase, id: string, state: string, updatedDaysAgo: number): Promise<void> {
  await db.query(
    `INSERT INTO approval_requests (id, action, registry, params, plan, plan_hash, requester, platform, conversation_id, state, approvals_required, created_at, expires_at, updated_at)
     VALUES ($1, 'purge', 'r', '{}', '{}', 'h', 'teams:a', 'teams', 'c', $2, 1, $3, $3, $3)`,
    [id, state, ago(updatedDaysAgo)],
  );
  await db.query(
    `INSERT INTO action_checkpoints (request_id, plan_hash, item_key, outcome, recorded_at) VALUES ($1, 'h', 'app:dev-1', 'deleted', $2)`,
    [id, ago(updatedDaysAgo)],
  );
  await db.query(`INSERT INTO action_reports (request_id, token, report, created_at) VALUES ($1, 't', '{}', $2)`, [
    id,
    ago(updatedDaysAgo),
  ]);
}

async function addEvent(db: SqlDatabase, key: string, state: string, settledDaysAgo: number | null): Promise<void> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO alert_events (source, dedupe_key, event_type, received_at, payload, state, settled_at) VALUES ('acr-webhook', $1, 'push', $2, '{}', $3, $4) RETURNING id`,
    [key, ago(settledDaysAgo ?? 1), state, settledDaysAgo === null ? null : ago(settledDaysAgo)],
  );
  await db.query(
    `INSERT INTO alert_deliveries (event_id, platform, conversation_id, subscription_id, lang, digest_group, state, next_attempt_at) VALUES ($1, 'teams', 'c', 1, 'en', 'g', $2, $3)`,
    [rows[0].id, state === 'delivered' ? 'sent' : 'pending', ago(0)],
  );
}

const ids = async (db: SqlDatabase, sql: string) =>
  (await db.query<{ id: string }>(sql)).rows.map((r) => String(r.id)).sort();

describe.each(
  testDatabaseFactories({ tables })
    .filter((f) => f.kind !== 'pglite-process')
    .map((f) => [f.kind, f] as const),
)('retention on %s', (_kind, factory) => {
  beforeAll(() => factory.setup(), 60_000);
  afterAll(() => factory.teardown(), 30_000);

  test('the lease holder deletes what is past the period and ended; everything else stays; the audit chain verifies', async () => {
    const db = await factory.clean();
    const audit = new AuditLog(db, { now: () => NOW });
    const feedback = new FeedbackStore(db);
    for (const [id, state, days] of [
      ['old-done', 'done', 40],
      ['old-failed', 'failed', 31],
      ['old-expired', 'expired', 45],
      ['old-rejected', 'rejected', 60],
      ['old-pending', 'pending', 90],
      ['old-running', 'running', 90],
      ['old-approved', 'approved', 90],
      ['new-done', 'done', 29],
    ] as const) {
      await addRequest(db, id, state, days);
      await audit.append({
        actor: 'teams:a',
        action: 'act.request',
        target: `request:${id}`,
        origin: 'typed',
        result: 'ok',
      });
    }
    await addEvent(db, 'old-delivered', 'delivered', 31);
    await addEvent(db, 'old-failed', 'failed', 50);
    await addEvent(db, 'new-delivered', 'delivered', 2);
    await addEvent(db, 'old-queued', 'queued', null);
    for (const [question, days] of [
      ['old', 31],
      ['new', 3],
    ] as const) {
      const vote = await feedback.record({ platform: 'teams', userId: 'u', question, vote: 'up' });
      await db.query('UPDATE feedback SET created_at = $1 WHERE id = $2', [ago(days), vote.id]);
    }
    for (const [question, status, days] of [
      ['old-offered', 'offered', 40],
      ['old-none', 'none', 40],
      ['old-rejected', 'rejected', 40],
      ['old-pending', 'pending', 40],
      ['old-accepted', 'accepted', 40],
      ['new-offered', 'offered', 3],
    ] as const) {
      await db.query(
        `INSERT INTO kb_misses (created_at, platform, kind, question, lang, offered, asker_hash, status, accepted_seq)
         VALUES ($1, 'teams', 'abstain', $2, 'en', ARRAY['t'], 'h', $3, CASE WHEN $3 = 'accepted' THEN nextval('kb_phrasing_seq') END)`,
        [ago(days), question, status],
      );
    }
    const auditBefore = (await audit.verify()).lastSeq;

    const config = loadConfig({ env: { CHATOPS_RETENTION_DAYS: '30' }, dotenvPath: null });
    // Every feature as main.ts builds it brings its own expiring rows.
    const logger = new MemoryLogger();
    const features = [
      createAsk({
        db,
        matcher: new FakeMatcher(),
        feedback,
        policy: { canMaintainKnowledge: () => false },
        audit,
        logger,
      }),
      await createAct({
        db,
        logger,
        messenger: { send: async () => ({ messageId: 'm' }), update: async () => {} },
        registries: [],
        leaseInMs: 10_000,
        publicUrl: () => undefined,
      }),
      createAlerts(config, db, logger, { registries: [] }),
    ];
    const scheduler = (instanceId: string) =>
      new WatcherScheduler({
        db,
        inbox: noInbox,
        watchers: [],
        instanceId,
        clock: { now: () => NOW },
        retention: createRetention(config, features, audit),
      });
    const [first, second] = [scheduler('bot-a'), scheduler('bot-b')];
    const leader = await first.runOnce();
    const follower = await second.runOnce();

    expect(follower).toEqual({ leader: false, enqueued: 0, failed: [] });
    expect(leader.failed).toEqual([]);
    expect(leader.retention?.olderThan.toISOString()).toBe(ago(30));
    expect(leader.retention?.deleted).toEqual({
      'alert-events': 2,
      feedback: 1,
      requests: 4,
      reports: 5,
      checkpoints: 5,
      'kb-misses': 3,
    });
    // Misses waiting for a maintainer, and accepted phrasings (the overlay every instance loads), stay.
    expect(await ids(db, 'SELECT question AS id FROM kb_misses')).toEqual([
      'new-offered',
      'old-accepted',
      'old-pending',
    ]);

    expect(await ids(db, 'SELECT id FROM approval_requests')).toEqual([
      'new-done',
      'old-approved',
      'old-pending',
      'old-running',
    ]);
    // Execution records of requests still approved or running stay, however old.
    expect(await ids(db, 'SELECT request_id AS id FROM action_reports')).toEqual([
      'new-done',
      'old-approved',
      'old-running',
    ]);
    expect(await ids(db, 'SELECT request_id AS id FROM action_checkpoints')).toEqual([
      'new-done',
      'old-approved',
      'old-running',
    ]);
    expect(await ids(db, 'SELECT dedupe_key AS id FROM alert_events')).toEqual(['new-delivered', 'old-queued']);
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM alert_deliveries')).rows[0].n).toBe(2);
    expect((await feedback.listRecent()).map((f) => f.question)).toEqual(['new']);

    // Nothing of the audit log went; one record says what retention did; the chain verifies.
    const verified = await audit.verify();
    expect(verified).toEqual({ ok: true, checked: auditBefore + 1, lastSeq: auditBefore + 1 });
    const [record] = await audit.tail(1);
    expect(record).toMatchObject({
      actor: 'system',
      action: 'retention.purge',
      origin: 'automation',
      details: { retentionDays: 30, olderThan: ago(30), deleted: leader.retention!.deleted },
    });
    await expect(db.query('DELETE FROM audit_log WHERE seq = 1')).rejects.toThrow(/append-only/);

    // Within the interval the holder does not run again; a later run finds nothing and audits nothing.
    expect((await first.runOnce()).retention).toBeUndefined();
    await first.stop();
    const later = await second.runOnce(); // the lease was released: the other instance takes over
    expect(later.leader).toBe(true);
    expect(Object.values(later.retention!.deleted).every((n) => n === 0)).toBe(true);
    expect((await audit.verify()).lastSeq).toBe(auditBefore + 1);
    await second.stop();
  });
});
