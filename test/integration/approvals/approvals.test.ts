/**
 * The approval core against both real databases: the embedded PGlite and a real PostgreSQL server
 * (test/helpers/postgres.ts: TEST_DATABASE_URL or a throw-away local cluster). No fakes.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actorOf } from '../../../src/core/actor.js';
import type { Actor } from '../../../src/features/act/approvals/actions.js';
import { openDatabase, MEMORY_DATA_DIR, type SqlDatabase } from '../../../src/storage/database.js';
import { MIGRATIONS_DIRECTORY, runMigrations } from '../../../src/storage/migrations.js';
import {
  ApprovalStore,
  type ExecutionClaim,
  type NewApprovalRequest,
} from '../../../src/features/act/approvals/approval-store.js';
import { AuditLog } from '../../../src/storage/audit-log.js';
import { parsePolicy } from '../../../src/features/act/approvals/policy.js';
import { ApprovalClickHandler, type ClickContext } from '../../../src/features/act/approvals/verify-click.js';
import { contentHash } from '../../../src/core/canonical-json.js';
import { request as neutralRequest, teamsUser } from '../../helpers/bot-fakes.js';
import { startTestPostgres, type TestPostgres } from '../../helpers/postgres.js';

import { jest } from '@jest/globals';

jest.setTimeout(60_000);

const REQUESTER = 'aad:aaaaaaaa-0000-0000-0000-000000000001';
const approver = (n: number): string => `aad:bbbbbbbb-0000-0000-0000-${String(n).padStart(12, '0')}`;
const CONVERSATION = { platform: 'teams', conversationId: 'conv-1' } as const;
const HOUR = 3_600_000;

const policy = parsePolicy(`
version: 1
registries: ["*.azurecr.io"]
actions:
  purge: { requesters: ["*"], approvers: ["*"] }
  unlock: { requesters: ["*"], approvers: ["*"], approvalsRequired: 3 }
`);

/** A clock the tests move by hand. */
function clock(start = Date.parse('2026-01-05T10:00:00.000Z')) {
  let nowInMs = start;
  return { now: () => new Date(nowInMs), advance: (ms: number) => void (nowInMs += ms) };
}

const plan = {
  items: [{ repository: 'hello-world', digest: 'sha256:' + 'a'.repeat(64), tags: ['v1'] }],
  bytesToFree: 1234,
};

function newRequest(overrides: Partial<NewApprovalRequest> = {}): NewApprovalRequest {
  return {
    action: 'purge',
    registry: 'demo.azurecr.io',
    params: { repository: 'hello-world', olderThan: '30d', keep: 5 },
    plan,
    requester: REQUESTER,
    ...CONVERSATION,
    approvalsRequired: 1,
    expiryInMs: 24 * HOUR,
    ...overrides,
  };
}

const here = (actorId: string): ClickContext => ({ actor: { id: actorId }, ...CONVERSATION });
const A_OID = 'a1a1a1a1-0000-0000-0000-0000000000a1';
const B_OID = 'b2b2b2b2-0000-0000-0000-0000000000b2';
/** A Teams sender resolved by the real adapter and actorOf: `teams:<from.id>`, plus `aad:<oid>` when the activity has one. */
const sender = (fromId: string, aadObjectId?: string): Actor =>
  actorOf(neutralRequest({ user: teamsUser(fromId, fromId, aadObjectId) }));
const requestedBy = (actor: Actor, overrides: Partial<NewApprovalRequest> = {}) =>
  newRequest({ requester: actor.id, requesterIds: actor.ids, ...overrides });

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startTestPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});

const databases: [string, () => Promise<SqlDatabase>][] = [
  ['PGlite', () => openDatabase({ dataDir: MEMORY_DATA_DIR })],
  ['PostgreSQL', async () => openDatabase({ databaseUrl: await postgres.createDatabase(), maxConnections: 20 })],
];

describe.each(databases)('approvals on %s', (_name, open) => {
  let db: SqlDatabase;
  let time: ReturnType<typeof clock>;
  let store: ApprovalStore;
  let audit: AuditLog;
  let clicks: ApprovalClickHandler;

  beforeAll(async () => {
    db = await open();
    time = clock();
    store = new ApprovalStore(db, { now: time.now });
    audit = new AuditLog(db, { now: time.now, pageSize: 7 });
    clicks = new ApprovalClickHandler({ store, policy, audit });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('stores the plan with its content hash, unchanged by the round trip', async () => {
    const request = await store.create(newRequest());
    expect(request.state).toBe('pending');
    expect(request.planHash).toBe(contentHash(plan));
    const reloaded = await store.get(request.id);
    expect(contentHash(reloaded!.plan)).toBe(request.planHash);
    expect(reloaded!.expiresAt.getTime() - reloaded!.createdAt.getTime()).toBe(24 * HOUR);
  });

  it('50 concurrent Approve clicks by 50 approvers: one approval, one execution claim', async () => {
    const request = await store.create(newRequest());
    const results = await Promise.all(
      Array.from({ length: 50 }, async (_, n) => {
        const result = await clicks.handle(
          { requestId: request.id, planHash: request.planHash, conversationId: 'conv-1', decision: 'approve' },
          here(approver(n)),
        );
        // What the bot does after an approval that completed the request: start the execution.
        const claim =
          result.ok && result.decision === 'approve' && result.approvedNow
            ? await store.claim(request.id, { workerId: `w${n}`, leaseInMs: 60_000 })
            : null;
        return { result, claim };
      }),
    );
    expect(results.filter(({ result }) => result.ok)).toHaveLength(1);
    expect(results.filter(({ claim }) => claim !== null)).toHaveLength(1);
    expect(results.filter(({ result }) => !result.ok && result.reason === 'already-decided')).toHaveLength(49);
    const final = await store.get(request.id);
    expect(final).toMatchObject({ state: 'running', attempts: 1 });
    expect(final!.approvals).toHaveLength(1);
    const votes = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM approval_votes WHERE request_id = $1', [
      request.id,
    ]);
    expect(votes.rows[0].n).toBe(1);
  });

  it('50 concurrent claims of one approved request: exactly one wins', async () => {
    const request = await store.create(newRequest());
    expect((await store.approve(request.id, approver(1))).status).toBe('approved');
    const claims = await Promise.all(
      Array.from({ length: 50 }, (_, n) => store.claim(request.id, { workerId: `w${n}`, leaseInMs: 60_000 })),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('the same approver clicking 20 times at once counts once', async () => {
    const request = await store.create(newRequest({ action: 'unlock', approvalsRequired: 3 }));
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => store.approve(request.id, approver(7))));
    expect(outcomes.filter((outcome) => outcome.status === 'recorded')).toHaveLength(1);
    expect(
      outcomes.filter((outcome) => outcome.status === 'refused' && outcome.reason === 'already-approved'),
    ).toHaveLength(19);
    expect((await store.get(request.id))!.approvals).toEqual([approver(7)]);
  });

  it('needs as many distinct approvers as required, even when they click together', async () => {
    const request = await store.create(newRequest({ action: 'unlock', approvalsRequired: 3 }));
    const outcomes = await Promise.all([1, 2, 3, 4, 5].map((n) => store.approve(request.id, approver(n))));
    expect(outcomes.filter((outcome) => outcome.status === 'recorded')).toHaveLength(2);
    expect(outcomes.filter((outcome) => outcome.status === 'approved')).toHaveLength(1);
    expect(
      outcomes.filter((outcome) => outcome.status === 'refused' && outcome.reason === 'already-decided'),
    ).toHaveLength(2);
    const final = await store.get(request.id);
    expect(final).toMatchObject({ state: 'approved' });
    expect(final!.approvals).toHaveLength(3);
  });

  it('refuses self-approval (policy and store) and audits it', async () => {
    const request = await store.create(newRequest());
    const result = await clicks.handle(
      { requestId: request.id, planHash: request.planHash, decision: 'approve' },
      here(REQUESTER),
    );
    expect(result).toMatchObject({ ok: false, reason: 'self-approval', messageKey: 'policy.deny.selfApproval' });
    expect(await store.approve(request.id, REQUESTER.toUpperCase().replace('AAD', 'aad'))).toMatchObject({
      status: 'refused',
      reason: 'self-approval',
    });
    expect((await store.get(request.id))!.state).toBe('pending');
    const trail = await audit.forTarget(`request:${request.id}`);
    expect(trail.map((record) => [record.action, record.result, record.details.reason])).toEqual([
      ['approval.click-refused', 'refused', 'self-approval'],
    ]);
  });

  it('four-eyes by person: every combination of ids on request and approval, via clicks and via the store alone', async () => {
    const cases: [string, Actor, Actor, boolean][] = [];
    for (const requestAad of [true, false]) {
      for (const approvalAad of [true, false]) {
        const requester = sender('user-a', requestAad ? A_OID : undefined);
        cases.push([
          `same person, aad on request ${requestAad} / approval ${approvalAad}`,
          requester,
          sender('user-a', approvalAad ? A_OID : undefined),
          false,
        ]);
        cases.push([
          `other person, aad on request ${requestAad} / approval ${approvalAad}`,
          requester,
          sender('user-b', approvalAad ? B_OID : undefined),
          true,
        ]);
      }
    }
    cases.push(['GUID in another case', sender('user-a', A_OID.toUpperCase()), sender('user-x', A_OID), false]);
    cases.push(['from.id equal, aad different', sender('user-a', A_OID), sender('user-a', B_OID), false]);
    cases.push(['aad equal, from.id different', sender('user-a', A_OID), sender('user-b', A_OID), false]);
    for (const [name, requester, approverActor, allowed] of cases) {
      const viaClick = await store.create(requestedBy(requester));
      const result = await clicks.handle(
        { requestId: viaClick.id, planHash: viaClick.planHash, decision: 'approve' },
        { actor: approverActor, ...CONVERSATION },
      );
      expect([name, result.ok, result.ok ? 'ok' : result.reason]).toEqual([
        name,
        allowed,
        allowed ? 'ok' : 'self-approval',
      ]);
      if (!allowed) {
        const trail = await audit.forTarget(`request:${viaClick.id}`);
        expect(trail.map((record) => [record.action, record.result, record.actor, record.details.reason])).toEqual([
          ['approval.click-refused', 'refused', approverActor.id, 'self-approval'],
        ]);
        expect(trail[0].details.actorIds).toEqual(approverActor.ids);
      }
      // The store holds the line on its own, whatever a caller's policy says.
      const direct = await store.create(requestedBy(requester));
      expect([name, (await store.approve(direct.id, approverActor.id, approverActor.ids)).status]).toEqual([
        name,
        allowed ? 'approved' : 'refused',
      ]);
    }
  });

  it('a request stored with one requester id (before migration 103) is compared against every id of the approver', async () => {
    for (const [stored, approverActor] of [
      ['teams:user-a', sender('user-a', A_OID)],
      [`aad:${A_OID}`, sender('user-b', A_OID.toUpperCase())],
    ] as const) {
      const request = await store.create(newRequest({ requester: stored }));
      // As an instance without this change writes it: the column's default.
      await db.query(
        "UPDATE approval_requests SET requester_ids = '[]'::jsonb, approver_ids = '[]'::jsonb WHERE id = $1",
        [request.id],
      );
      expect((await store.get(request.id))!.requesterIds).toEqual([stored]);
      expect(
        await clicks.handle(
          { requestId: request.id, planHash: request.planHash, decision: 'approve' },
          { actor: approverActor, ...CONVERSATION },
        ),
      ).toMatchObject({
        ok: false,
        reason: 'self-approval',
        messageKey: 'policy.deny.selfApproval',
      });
      expect(await store.approve(request.id, approverActor.id, approverActor.ids)).toMatchObject({
        status: 'refused',
        reason: 'self-approval',
      });
    }
  });

  it('one approver under two ids counts once, even when both clicks arrive together', async () => {
    const request = await store.create(requestedBy(sender('user-r'), { action: 'unlock', approvalsRequired: 2 }));
    const [withoutAad, withAad] = [sender('user-b'), sender('user-b', B_OID)];
    const outcomes = await Promise.all(
      [withoutAad, withAad, withoutAad, withAad].map((actor) => store.approve(request.id, actor.id, actor.ids)),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'recorded')).toHaveLength(1);
    expect(
      outcomes.filter((outcome) => outcome.status === 'refused' && outcome.reason === 'already-approved'),
    ).toHaveLength(3);
    const after = (await store.get(request.id))!;
    expect(after.state).toBe('pending');
    expect(after.approvals).toHaveLength(1);
    expect(after.approverIds).toEqual(expect.arrayContaining(['teams:user-b']));
    // Through the policy as well: the person's other form is "already approved", another person completes it.
    for (const actor of [withoutAad, withAad]) {
      expect(
        await clicks.handle(
          { requestId: request.id, planHash: request.planHash, decision: 'approve' },
          { actor, ...CONVERSATION },
        ),
      ).toMatchObject({ ok: false, reason: 'already-approved' });
    }
    expect(
      await clicks.handle(
        { requestId: request.id, planHash: request.planHash, decision: 'approve' },
        { actor: sender('user-c'), ...CONVERSATION },
      ),
    ).toMatchObject({ ok: true, approvedNow: true });
  });

  it('migration 103 gives requests and votes stored before it their one recorded id', async () => {
    const before = mkdtempSync(join(tmpdir(), 'migrations-102-'));
    try {
      for (const file of readdirSync(MIGRATIONS_DIRECTORY))
        if (file.endsWith('.sql') && file < '103') copyFileSync(join(MIGRATIONS_DIRECTORY, file), join(before, file));
      const old =
        _name === 'PGlite'
          ? await openDatabase({ dataDir: MEMORY_DATA_DIR, migrationsDirectory: before })
          : await openDatabase({ databaseUrl: await postgres.createDatabase(), migrationsDirectory: before });
      try {
        await old.query(
          `INSERT INTO approval_requests (id, action, registry, params, plan, plan_hash, requester, platform, conversation_id, state, approvals_required, approvals, created_at, expires_at, updated_at)
           VALUES ('old-1', 'unlock', 'demo.azurecr.io', '{}', '{}', 'h', 'teams:user-a', 'teams', 'conv-1', 'pending', 2, '["aad:${B_OID}"]', now(), now() + interval '1 day', now())`,
        );
        expect((await runMigrations(old)).applied).toEqual(expect.arrayContaining(['103']));
        const migrated = await new ApprovalStore(old).get('old-1');
        expect(migrated).toMatchObject({ requesterIds: ['teams:user-a'], approverIds: [`aad:${B_OID}`] });
        const { rows } = await old.query<{ requester_ids: unknown; approver_ids: unknown }>(
          "SELECT requester_ids, approver_ids FROM approval_requests WHERE id = 'old-1'",
        );
        expect(rows[0]).toEqual({ requester_ids: ['teams:user-a'], approver_ids: [`aad:${B_OID}`] });
      } finally {
        await old.close();
      }
    } finally {
      rmSync(before, { recursive: true, force: true });
    }
  });

  it('refuses an approval after expiry and marks the request expired', async () => {
    const request = await store.create(newRequest({ expiryInMs: HOUR }));
    time.advance(HOUR);
    const result = await clicks.handle(
      { requestId: request.id, planHash: request.planHash, decision: 'approve' },
      here(approver(1)),
    );
    expect(result).toMatchObject({ ok: false, reason: 'expired', messageKey: 'click.expired' });
    expect((await store.get(request.id))!.state).toBe('expired');
    expect(await store.approve(request.id, approver(2))).toMatchObject({ status: 'refused', reason: 'expired' });
    expect(
      await clicks.handle(
        { requestId: request.id, planHash: request.planHash, decision: 'approve' },
        here(approver(3)),
      ),
    ).toMatchObject({ reason: 'expired' });
  });

  it('the sweep expires overdue pending requests only', async () => {
    const due = await store.create(newRequest({ expiryInMs: 10 * 60_000 }));
    const later = await store.create(newRequest({ expiryInMs: 2 * HOUR }));
    time.advance(HOUR);
    const expired = await store.expireDue();
    expect(expired).toContain(due.id);
    expect(expired).not.toContain(later.id);
    expect((await store.get(later.id))!.state).toBe('pending');
  });

  it('refuses and audits tampered, forged, replayed and unknown clicks; identity is never read from the card', async () => {
    const request = await store.create(newRequest());
    const valid = {
      requestId: request.id,
      planHash: request.planHash,
      conversationId: 'conv-1',
      decision: 'approve' as const,
    };

    const tampered = await clicks.handle(
      { ...valid, planHash: contentHash({ ...plan, bytesToFree: 1 }) },
      here(approver(1)),
    );
    expect(tampered).toMatchObject({ ok: false, reason: 'tampered' });
    const otherConversation = await clicks.handle(valid, { ...here(approver(1)), conversationId: 'conv-2' });
    expect(otherConversation).toMatchObject({ ok: false, reason: 'wrong-conversation' });
    expect(otherConversation).not.toHaveProperty('request');
    const copiedCard = await clicks.handle({ ...valid, conversationId: 'conv-2' }, here(approver(1)));
    expect(copiedCard).toMatchObject({ ok: false, reason: 'wrong-conversation' });
    expect(await clicks.handle({ ...valid, planHash: 'not-a-hash' }, here(approver(1)))).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
    const unknown = await clicks.handle({ ...valid, requestId: 'no-such-request' }, here(approver(1)));
    expect(unknown).toMatchObject({ ok: false, reason: 'not-found' });
    // A card that claims to come from someone else changes nothing: the actor is the authenticated one.
    const spoofed = await clicks.handle({ ...valid, actor: approver(1), from: approver(1) }, here(REQUESTER));
    expect(spoofed).toMatchObject({ ok: false, reason: 'self-approval' });
    expect((await store.get(request.id))!.state).toBe('pending');

    expect(await clicks.handle(valid, here(approver(1)))).toMatchObject({ ok: true, approvedNow: true });
    const replay = await clicks.handle(valid, here(approver(2)));
    expect(replay).toMatchObject({ ok: false, reason: 'already-decided', params: { state: 'approved' } });

    const trail = await audit.forTarget(`request:${request.id}`);
    expect(trail.map((record) => `${record.action}:${record.result}:${record.details.reason ?? ''}`)).toEqual([
      'approval.click-refused:refused:tampered',
      'approval.click-refused:refused:wrong-conversation',
      'approval.click-refused:refused:wrong-conversation',
      'approval.click-refused:refused:self-approval',
      'approval.approve:approved:',
      'approval.click-refused:refused:already-decided',
    ]);
    expect(trail[0].details).toMatchObject({ reason: 'tampered', storedPlanHash: request.planHash });
    expect(trail.every((record) => record.origin === 'button')).toBe(true);
    expect((await audit.forTarget('request:no-such-request'))[0]).toMatchObject({
      result: 'refused',
      details: { reason: 'not-found' },
    });
    expect((await audit.forTarget('request:?')).at(-1)).toMatchObject({
      result: 'refused',
      details: { reason: 'malformed' },
    });
  });

  it('rejection by an approver or the requester; nobody else', async () => {
    const request = await store.create(newRequest());
    const reject = { requestId: request.id, planHash: request.planHash, decision: 'reject' as const };
    const strangerPolicyRequest = await store.create(newRequest({ action: 'lock' }));
    expect(
      await clicks.handle(
        { ...reject, requestId: strangerPolicyRequest.id, planHash: strangerPolicyRequest.planHash },
        here(approver(1)),
      ),
    ).toMatchObject({
      ok: false,
      reason: 'not-allowed',
      messageKey: 'policy.deny.notRejecter',
    });
    expect(await clicks.handle(reject, here(approver(3)))).toMatchObject({
      ok: true,
      decision: 'reject',
      request: { state: 'rejected', rejectedBy: approver(3) },
    });
    expect(await store.approve(request.id, approver(4))).toMatchObject({
      status: 'refused',
      reason: 'already-decided',
    });
  });

  it('a crashed execution is re-claimed after its lease expired, and only its current holder can finish', async () => {
    const request = await store.create(newRequest());
    await store.approve(request.id, approver(1));
    const first = await store.claim(request.id, { workerId: 'crashed', leaseInMs: 60_000 });
    expect(first).not.toBeNull();
    expect(await store.renewLease(first!, 60_000)).toBe(true);
    // Lease still valid: nobody can take it over.
    const ours = (claims: ExecutionClaim[]) => claims.filter((claim) => claim.request.id === request.id);
    expect(ours(await store.claimRecoverable({ workerId: 'restarted', leaseInMs: 60_000 }))).toEqual([]);
    time.advance(61_000);
    const recovered = ours(await store.claimRecoverable({ workerId: 'restarted', leaseInMs: 60_000 }));
    expect(recovered).toHaveLength(1);
    expect(recovered[0].request.attempts).toBe(2);
    // The old worker comes back: its claim is gone.
    expect(await store.renewLease(first!, 60_000)).toBe(false);
    expect(await store.finish(first!, 'done', { deleted: 1 })).toBeNull();
    const done = await store.finish(recovered[0], 'done', { deleted: 1, skipped: 0 });
    expect(done).toMatchObject({ state: 'done', result: { deleted: 1, skipped: 0 }, leaseOwner: null });
    expect(await store.claim(request.id, { workerId: 'late', leaseInMs: 60_000 })).toBeNull();
  });

  it('lists the pending requests of one conversation', async () => {
    const mine = await store.create(newRequest({ conversationId: 'conv-pending' }));
    await store.create(newRequest({ conversationId: 'conv-elsewhere' }));
    expect((await store.listPending('teams', 'conv-pending')).map((request) => request.id)).toEqual([mine.id]);
  });

  describe('audit chain', () => {
    it('appends concurrently without forking and verifies', async () => {
      await Promise.all(
        Array.from({ length: 30 }, (_, n) =>
          audit.append({
            actor: approver(n),
            action: 'test.append',
            target: 'chain',
            origin: 'automation',
            result: 'ok',
            details: { n, nested: { b: 1, a: [n] } },
          }),
        ),
      );
      const report = await audit.verify();
      expect(report.ok).toBe(true);
      expect(report.checked).toBe(report.lastSeq);
      const head = await db.query<{ seq: number }>('SELECT seq FROM audit_head');
      expect(head.rows[0].seq).toBe(report.lastSeq);
      expect((await audit.tail(3)).map((record) => record.seq)).toEqual([
        report.lastSeq - 2,
        report.lastSeq - 1,
        report.lastSeq,
      ]);
    });

    it('the database refuses UPDATE, DELETE and TRUNCATE of audit rows', async () => {
      await expect(db.query("UPDATE audit_log SET result = 'forged' WHERE seq = 1")).rejects.toThrow(/append-only/);
      await expect(db.query('DELETE FROM audit_log WHERE seq = 1')).rejects.toThrow(/append-only/);
      await expect(db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
      await expect(db.query('UPDATE audit_head SET seq = 1')).rejects.toThrow(/forward/);
    });

    it('detects an edited row, then a deleted row, then a truncated tail (triggers bypassed as a superuser would)', async () => {
      const before = await audit.verify();
      expect(before.ok).toBe(true);
      const bypass = async (sql: string, params: unknown[] = []) =>
        db.transaction(async (tx) => {
          await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
          await tx.query(sql, params);
          await tx.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
        });
      const original = (await db.query<{ details: unknown }>('SELECT details FROM audit_log WHERE seq = 5')).rows[0];

      await bypass(`UPDATE audit_log SET details = jsonb_set(details, '{n}', '999') WHERE seq = 5`);
      expect(await audit.verify()).toMatchObject({ ok: false, firstBroken: { seq: 5, reason: 'hash-mismatch' } });
      await bypass('UPDATE audit_log SET details = $1::jsonb WHERE seq = 5', [JSON.stringify(original.details)]);
      expect((await audit.verify()).ok).toBe(true);

      await bypass('DELETE FROM audit_log WHERE seq = 8');
      expect(await audit.verify()).toMatchObject({ ok: false, firstBroken: { seq: 8, reason: 'missing-record' } });

      const last = before.lastSeq;
      await bypass('DELETE FROM audit_log WHERE seq >= 8');
      expect(await audit.verify()).toMatchObject({ ok: false, firstBroken: { seq: 8, reason: 'head-mismatch' } });
      expect(last).toBeGreaterThan(8);
    });
  });
});
