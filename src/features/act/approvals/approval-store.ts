/**
 * Approval requests in the database (migration 100_approvals). Every state change is one conditional
 * UPDATE … WHERE id = $1 AND state = $2 AND version = $3, checked through affectedRows: of any number of
 * concurrent clicks, retries or instances exactly one moves a request, the others see that they lost.
 * Policy (who may approve) is checked by the caller; the store enforces what must hold whatever the
 * policy says: pending only, not expired, one vote per approver, never the requester. "Approver" and
 * "requester" are people: all their principals are kept (migration 103) and compared.
 */
import type { Platform } from '../../../core/model.js';
import { randomUUID } from 'node:crypto';
import { contentHash } from '../../../core/canonical-json.js';
import type { Database, SqlExecutor } from '../../../storage/types.js';
import { normalizePrincipal, sharePrincipal, uniquePrincipals, type ApprovalAction } from './actions.js';
import { assertTransition, stateAfterApproval, type ApprovalState } from './state-machine.js';

export interface ApprovalRequest {
  id: string;
  action: ApprovalAction;
  registry: string;
  params: Record<string, unknown>;
  plan: unknown;
  planHash: string;
  requester: string;
  /** Every principal of the requester, `requester` first (only it, for requests stored before migration 103). */
  requesterIds: string[];
  platform: Platform;
  conversationId: string;
  cardMessageId: string | null;
  state: ApprovalState;
  approvalsRequired: number;
  approvals: string[];
  /** Every principal of everyone in `approvals`. */
  approverIds: string[];
  rejectedBy: string | null;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  attempts: number;
  result: unknown;
  createdAt: Date;
  expiresAt: Date;
  updatedAt: Date;
  version: number;
}

export interface NewApprovalRequest {
  action: ApprovalAction;
  registry: string;
  params: Record<string, unknown>;
  /** The dry-run plan (JSON data); its content hash is what the card carries. */
  plan: unknown;
  requester: string;
  /** The requester's other principals (the activity's identities); `requester` is always included. */
  requesterIds?: readonly string[];
  platform: Platform;
  conversationId: string;
  approvalsRequired: number;
  expiryInMs: number;
}

type Refusal<Reason extends string> = { status: 'refused'; reason: Reason; request?: ApprovalRequest };

export type ApproveOutcome =
  /** This approval completed the request: the caller starts the execution. */
  | { status: 'approved'; request: ApprovalRequest }
  /** Recorded; more approvals are needed. */
  | { status: 'recorded'; request: ApprovalRequest }
  | Refusal<'not-found' | 'expired' | 'already-decided' | 'already-approved' | 'self-approval'>;

export type RejectOutcome =
  { status: 'rejected'; request: ApprovalRequest } | Refusal<'not-found' | 'expired' | 'already-decided'>;

/** Proof of holding a running request: only the holder of the token may renew or finish it. */
export interface ExecutionClaim {
  request: ApprovalRequest;
  token: string;
}

export interface ClaimOptions {
  /** Identifies the worker (host/pid) in the token, for people reading the table. */
  workerId: string;
  /** How long the claim holds without renewal; a crashed worker's claim can be taken after that. */
  leaseInMs: number;
}

export interface ApprovalStoreOptions {
  now?: () => Date;
  newId?: () => string;
}

interface RequestRow {
  id: string;
  action: ApprovalAction;
  registry: string;
  params: Record<string, unknown>;
  plan: unknown;
  plan_hash: string;
  requester: string;
  requester_ids: string[] | null;
  platform: string;
  conversation_id: string;
  card_activity_id: string | null;
  state: ApprovalState;
  approvals_required: number;
  approvals: string[];
  approver_ids: string[] | null;
  rejected_by: string | null;
  lease_owner: string | null;
  lease_expires_at: Date | null;
  attempts: number;
  result: unknown;
  created_at: Date;
  expires_at: Date;
  updated_at: Date;
  version: number;
}

/** Columns a transition may set besides state, version and updated_at. */
type Changes = Partial<
  Record<
    'approvals' | 'approver_ids' | 'rejected_by' | 'lease_owner' | 'lease_expires_at' | 'attempts' | 'result',
    unknown
  >
>;
const JSON_COLUMNS = new Set(['approvals', 'approver_ids', 'result']);

/** Thrown inside a transaction to roll it back when a conditional UPDATE lost a race. */
class LostRace extends Error {}

const MAX_ATTEMPTS = 100;

export class ApprovalStore {
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(
    private readonly db: Database,
    options: ApprovalStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
  }

  async create(input: NewApprovalRequest): Promise<ApprovalRequest> {
    const now = this.now();
    const { rows } = await this.db.query<RequestRow>(
      `INSERT INTO approval_requests (id, action, registry, params, plan, plan_hash, requester, platform, conversation_id,
         state, approvals_required, created_at, expires_at, updated_at, requester_ids)
       VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8, $9, 'pending', $10, $11, $12, $11, $13::jsonb)
       RETURNING *`,
      [
        this.newId(),
        input.action,
        input.registry,
        JSON.stringify(input.params),
        JSON.stringify(input.plan),
        contentHash(input.plan),
        normalizePrincipal(input.requester),
        input.platform,
        input.conversationId,
        input.approvalsRequired,
        now,
        new Date(now.getTime() + input.expiryInMs),
        JSON.stringify(uniquePrincipals([input.requester, ...(input.requesterIds ?? [])])),
      ],
    );
    return toRequest(rows[0]);
  }

  async get(id: string, executor: SqlExecutor = this.db): Promise<ApprovalRequest | null> {
    const { rows } = await executor.query<RequestRow>('SELECT * FROM approval_requests WHERE id = $1', [id]);
    return rows[0] ? toRequest(rows[0]) : null;
  }

  /** Remembers the card (activity id) that shows the request, so later updates can replace it. */
  async attachCard(id: string, cardMessageId: string): Promise<void> {
    await this.db.query('UPDATE approval_requests SET card_activity_id = $2, updated_at = $3 WHERE id = $1', [
      id,
      cardMessageId,
      this.now(),
    ]);
  }

  /** Remembers how a principal is called (for cards); display only, not part of the plan or a decision. */
  async rememberDisplayName(id: string, principal: string, displayName: string): Promise<void> {
    await this.db.query(
      `UPDATE approval_requests SET params = jsonb_set(params, ARRAY['names', $2::text], to_jsonb($3::text), true)
       WHERE id = $1 AND params ? 'names'`,
      [id, normalizePrincipal(principal), displayName.slice(0, 200)],
    );
  }

  /** Pending requests of one conversation, newest first (the `pending` command). */
  async listPending(platform: string, conversationId: string, limit = 20): Promise<ApprovalRequest[]> {
    const { rows } = await this.db.query<RequestRow>(
      `SELECT * FROM approval_requests WHERE platform = $1 AND conversation_id = $2 AND state = 'pending' AND expires_at > $3
       ORDER BY created_at DESC LIMIT $4`,
      [platform, conversationId, this.now(), limit],
    );
    return rows.map(toRequest);
  }

  /**
   * Records `approverPrincipal`'s vote. `otherPrincipals` are the approver's other ids (the activity's
   * identities): the approval is refused when any of them is any id of the requester or of an earlier approver.
   */
  async approve(
    id: string,
    approverPrincipal: string,
    otherPrincipals: readonly string[] = [],
  ): Promise<ApproveOutcome> {
    const approver = normalizePrincipal(approverPrincipal);
    const approverIds = uniquePrincipals([approver, ...otherPrincipals]);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const loaded = await this.loadPending(id);
      if ('status' in loaded) return loaded;
      const { request } = loaded;
      if (sharePrincipal(approverIds, request.requesterIds))
        return { status: 'refused', reason: 'self-approval', request };
      if (sharePrincipal(approverIds, request.approverIds))
        return { status: 'refused', reason: 'already-approved', request };

      const approvals = [...request.approvals, approver];
      const next = stateAfterApproval(approvals.length, request.approvalsRequired);
      const now = this.now();
      try {
        const updated = await this.db.transaction(async (tx) => {
          const vote = await tx.query(
            'INSERT INTO approval_votes (request_id, approver, approved_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
            [id, approver, now],
          );
          if (vote.affectedRows === 0) return null; // the same person's other click got there first
          // The version check makes concurrent clicks of one person under two ids meet here: one loses, retries, and is refused.
          const moved = await this.transition(
            tx,
            request,
            next,
            { approvals, approver_ids: uniquePrincipals([...request.approverIds, ...approverIds]) },
            now,
          );
          if (!moved) throw new LostRace();
          return moved;
        });
        if (!updated) {
          const current = (await this.get(id)) ?? request;
          return current.state === 'pending'
            ? { status: 'refused', reason: 'already-approved', request: current }
            : { status: 'refused', reason: 'already-decided', request: current };
        }
        return { status: next === 'approved' ? 'approved' : 'recorded', request: updated };
      } catch (error) {
        if (!(error instanceof LostRace)) throw error;
        // Someone else changed the request meanwhile (their vote, a rejection, expiry): look again.
      }
    }
    throw new Error(`approve(${id}): still conflicting after ${MAX_ATTEMPTS} attempts`);
  }

  async reject(id: string, actorPrincipal: string): Promise<RejectOutcome> {
    const actor = normalizePrincipal(actorPrincipal);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const loaded = await this.loadPending(id);
      if ('status' in loaded) return loaded;
      const { request } = loaded;
      const moved = await this.transition(this.db, request, 'rejected', { rejected_by: actor }, this.now());
      if (moved) return { status: 'rejected', request: moved };
    }
    throw new Error(`reject(${id}): still conflicting after ${MAX_ATTEMPTS} attempts`);
  }

  /** The request when it can still be decided; otherwise why not (expiring it when its time is up). */
  private async loadPending(
    id: string,
  ): Promise<{ request: ApprovalRequest } | Refusal<'not-found' | 'expired' | 'already-decided'>> {
    const request = await this.get(id);
    if (!request) return { status: 'refused', reason: 'not-found' };
    if (request.state === 'expired') return { status: 'refused', reason: 'expired', request };
    if (request.state !== 'pending') return { status: 'refused', reason: 'already-decided', request };
    if (await this.expireIfDue(request))
      return { status: 'refused', reason: 'expired', request: (await this.get(id)) ?? request };
    return { request };
  }

  /** Sweep: every pending request past its expiry becomes expired. Returns the ids that expired now. */
  async expireDue(): Promise<string[]> {
    const now = this.now();
    const { rows } = await this.db.query<{ id: string }>(
      `UPDATE approval_requests SET state = 'expired', version = version + 1, updated_at = $1
       WHERE state = 'pending' AND expires_at <= $1 RETURNING id`,
      [now],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Takes the execution of an approved request (or of a running one whose lease expired: its worker
   * died). Exactly one caller gets the claim; everyone else gets null.
   */
  async claim(id: string, options: ClaimOptions): Promise<ExecutionClaim | null> {
    const request = await this.get(id);
    if (!request || !this.isClaimable(request)) return null;
    const now = this.now();
    const token = `${options.workerId}/${randomUUID()}`;
    const moved = await this.transition(
      this.db,
      request,
      'running',
      {
        lease_owner: token,
        lease_expires_at: new Date(now.getTime() + options.leaseInMs),
        attempts: request.attempts + 1,
      },
      now,
    );
    return moved ? { request: moved, token } : null;
  }

  /** On start: claims every approved request that never started and every running one whose worker died. */
  async claimRecoverable(options: ClaimOptions & { limit?: number }): Promise<ExecutionClaim[]> {
    const { rows } = await this.db.query<{ id: string }>(
      `SELECT id FROM approval_requests
       WHERE state = 'approved' OR (state = 'running' AND lease_expires_at <= $1)
       ORDER BY updated_at LIMIT $2`,
      [this.now(), options.limit ?? 100],
    );
    const claims: ExecutionClaim[] = [];
    for (const { id } of rows) {
      const claim = await this.claim(id, options);
      if (claim) claims.push(claim);
    }
    return claims;
  }

  /** Extends the lease while the work goes on; false means the claim was lost (stop working). */
  async renewLease(claim: ExecutionClaim, leaseInMs: number): Promise<boolean> {
    const now = this.now();
    const { affectedRows } = await this.db.query(
      `UPDATE approval_requests SET lease_expires_at = $3, updated_at = $4
       WHERE id = $1 AND state = 'running' AND lease_owner = $2`,
      [claim.request.id, claim.token, new Date(now.getTime() + leaseInMs), now],
    );
    return affectedRows === 1;
  }

  /** Ends the execution with its report; only the current claim holder can. */
  async finish(claim: ExecutionClaim, state: 'done' | 'failed', result: unknown): Promise<ApprovalRequest | null> {
    const now = this.now();
    const { rows } = await this.db.query<RequestRow>(
      `UPDATE approval_requests
       SET state = $3, result = $4::jsonb, lease_owner = NULL, lease_expires_at = NULL, version = version + 1, updated_at = $5
       WHERE id = $1 AND state = 'running' AND lease_owner = $2
       RETURNING *`,
      [claim.request.id, claim.token, state, JSON.stringify(result ?? null), now],
    );
    return rows[0] ? toRequest(rows[0]) : null;
  }

  private isClaimable(request: ApprovalRequest): boolean {
    if (request.state === 'approved') return true;
    return (
      request.state === 'running' &&
      request.leaseExpiresAt !== null &&
      request.leaseExpiresAt.getTime() <= this.now().getTime()
    );
  }

  /** Expires a pending request whose time is up (whoever wins the race); true when it is expired. */
  async expireIfDue(request: ApprovalRequest): Promise<boolean> {
    if (request.expiresAt.getTime() > this.now().getTime()) return false;
    await this.transition(this.db, request, 'expired', {}, this.now());
    return true;
  }

  /** The one conditional write every state change goes through. Returns null when the race was lost. */
  private async transition(
    executor: SqlExecutor,
    from: ApprovalRequest,
    to: ApprovalState,
    changes: Changes,
    now: Date,
  ): Promise<ApprovalRequest | null> {
    assertTransition(from.state, to);
    const params: unknown[] = [from.id, from.state, from.version, to, now];
    const sets = ['state = $4', 'version = version + 1', 'updated_at = $5'];
    for (const [column, value] of Object.entries(changes)) {
      params.push(JSON_COLUMNS.has(column) ? JSON.stringify(value) : value);
      sets.push(`${column} = $${params.length}${JSON_COLUMNS.has(column) ? '::jsonb' : ''}`);
    }
    const { rows, affectedRows } = await executor.query<RequestRow>(
      `UPDATE approval_requests SET ${sets.join(', ')} WHERE id = $1 AND state = $2 AND version = $3 RETURNING *`,
      params,
    );
    return affectedRows === 1 ? toRequest(rows[0]) : null;
  }
}

function toRequest(row: RequestRow): ApprovalRequest {
  return {
    id: row.id,
    action: row.action,
    registry: row.registry,
    params: row.params,
    plan: row.plan,
    planHash: row.plan_hash,
    requester: row.requester,
    requesterIds: uniquePrincipals([row.requester, ...(row.requester_ids ?? [])]),
    // Written by create() from a NeutralRequest's platform only.
    platform: row.platform as Platform,
    conversationId: row.conversation_id,
    cardMessageId: row.card_activity_id,
    state: row.state,
    approvalsRequired: row.approvals_required,
    approvals: row.approvals ?? [],
    approverIds: uniquePrincipals([...(row.approvals ?? []), ...(row.approver_ids ?? [])]),
    rejectedBy: row.rejected_by,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
    attempts: row.attempts,
    result: row.result,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}
