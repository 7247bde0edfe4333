/**
 * Approve / Reject clicks on a request card. The card carries only a request id, the plan hash and the
 * conversation id it was posted to; everything that matters is reloaded from the database, and the
 * actor and conversation come from the authenticated activity (the caller passes them in), never from
 * card data. Every click is audited, refused ones with the reason: tampered (hash differs), forged or
 * copied (another conversation), replayed (already decided), expired, or not allowed by policy.
 */
import { z } from 'zod';
import { principalsOf, type Actor } from './actions.js';
import type { ApprovalRequest, ApprovalStore } from './approval-store.js';
import type { AuditLog } from '../../../storage/audit-log.js';
import type { ApprovalMessageKey } from '../messages/index.js';
import type { Policy, PolicyDecision } from './policy.js';

/** What a card button sends back. Untrusted: anyone can craft it. */
export const approvalClickSchema = z.object({
  requestId: z.string().min(1).max(200),
  planHash: z.string().regex(/^[0-9a-f]{64}$/),
  conversationId: z.string().max(1000).optional(),
  decision: z.enum(['approve', 'reject']),
});
export type ApprovalClick = z.infer<typeof approvalClickSchema>;

/** Who clicked and where, from the authenticated activity. */
export interface ClickContext {
  actor: Actor;
  platform: string;
  conversationId: string;
}

export type ClickRefusal =
  | 'malformed'
  | 'not-found'
  | 'wrong-conversation'
  | 'tampered'
  | 'already-decided'
  | 'expired'
  | 'self-approval'
  | 'not-allowed'
  | 'already-approved';

export type ClickResult =
  | { ok: true; decision: 'approve'; request: ApprovalRequest; approvedNow: boolean }
  | { ok: true; decision: 'reject'; request: ApprovalRequest }
  | {
      ok: false;
      reason: ClickRefusal;
      messageKey: ApprovalMessageKey;
      params?: Record<string, string | number>;
      request?: ApprovalRequest;
    };

export interface ApprovalClickHandlerOptions {
  store: ApprovalStore;
  policy: Policy;
  audit: AuditLog;
}

export class ApprovalClickHandler {
  constructor(private readonly options: ApprovalClickHandlerOptions) {}

  async handle(cardData: unknown, context: ClickContext): Promise<ClickResult> {
    const parsed = approvalClickSchema.safeParse(cardData);
    if (!parsed.success)
      return this.refuse(context, undefined, 'malformed', 'click.tampered', { cardData: summarize(cardData) });
    const click = parsed.data;
    const { store, policy } = this.options;

    const request = await store.get(click.requestId);
    if (!request) return this.refuse(context, click, 'not-found', 'click.notFound');
    const fromHere = request.platform === context.platform && request.conversationId === context.conversationId;
    const cardFromHere = click.conversationId === undefined || click.conversationId === context.conversationId;
    if (!fromHere || !cardFromHere) {
      // Audited with the request's details, but the request itself is not handed back to another conversation.
      const { request: _hidden, ...refusal } = (await this.refuse(
        context,
        click,
        'wrong-conversation',
        'click.wrongConversation',
        {},
        request,
      )) as ClickResult & { ok: false };
      return refusal;
    }
    if (click.planHash !== request.planHash)
      return this.refuse(context, click, 'tampered', 'click.tampered', {}, request);
    if (request.state === 'pending' && (await store.expireIfDue(request))) {
      return this.refuse(context, click, 'expired', 'click.expired', {}, (await store.get(request.id)) ?? request);
    }
    if (request.state === 'expired') return this.refuse(context, click, 'expired', 'click.expired', {}, request);
    if (request.state !== 'pending')
      return this.refuse(context, click, 'already-decided', 'click.alreadyDecided', {}, request, {
        state: request.state,
      });

    const decision: PolicyDecision =
      click.decision === 'approve'
        ? policy.canApprove(context.actor, request)
        : policy.canReject(context.actor, request);
    if (!decision.allow) {
      const reason: ClickRefusal =
        decision.reason === 'policy.deny.selfApproval'
          ? 'self-approval'
          : decision.reason === 'policy.deny.alreadyApproved'
            ? 'already-approved'
            : 'not-allowed';
      return this.refuse(
        context,
        click,
        reason,
        decision.reason,
        { policyReason: decision.reason },
        request,
        decision.params,
      );
    }

    if (click.decision === 'reject') {
      const outcome = await store.reject(request.id, context.actor.id);
      if (outcome.status === 'refused')
        return this.refuseFromStore(context, click, outcome.reason, outcome.request ?? request);
      await this.record(context, click, 'approval.reject', 'ok', { state: outcome.request.state });
      return { ok: true, decision: 'reject', request: outcome.request };
    }

    const outcome = await store.approve(request.id, context.actor.id, principalsOf(context.actor));
    if (outcome.status === 'refused')
      return this.refuseFromStore(context, click, outcome.reason, outcome.request ?? request);
    await this.record(context, click, 'approval.approve', outcome.status, {
      state: outcome.request.state,
      approvals: outcome.request.approvals.length,
      approvalsRequired: outcome.request.approvalsRequired,
    });
    return { ok: true, decision: 'approve', request: outcome.request, approvedNow: outcome.status === 'approved' };
  }

  private refuseFromStore(
    context: ClickContext,
    click: ApprovalClick,
    reason: ClickRefusal,
    request: ApprovalRequest,
  ): Promise<ClickResult> {
    const key: ApprovalMessageKey =
      reason === 'not-found'
        ? 'click.notFound'
        : reason === 'expired'
          ? 'click.expired'
          : reason === 'self-approval'
            ? 'policy.deny.selfApproval'
            : reason === 'already-approved'
              ? 'policy.deny.alreadyApproved'
              : 'click.alreadyDecided';
    return this.refuse(context, click, reason, key, {}, request, { state: request.state });
  }

  private async refuse(
    context: ClickContext,
    click: ApprovalClick | undefined,
    reason: ClickRefusal,
    messageKey: ApprovalMessageKey,
    details: Record<string, unknown> = {},
    request?: ApprovalRequest,
    params?: Record<string, string | number>,
  ): Promise<ClickResult> {
    await this.record(context, click, 'approval.click-refused', 'refused', {
      reason,
      ...details,
      ...(click && request && click.planHash !== request.planHash
        ? { cardPlanHash: click.planHash, storedPlanHash: request.planHash }
        : {}),
      ...(click?.conversationId !== undefined && click.conversationId !== context.conversationId
        ? { cardConversationId: click.conversationId }
        : {}),
      ...(request ? { state: request.state } : {}),
    });
    return { ok: false, reason, messageKey, ...(params ? { params } : {}), ...(request ? { request } : {}) };
  }

  private async record(
    context: ClickContext,
    click: ApprovalClick | undefined,
    action: string,
    result: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.options.audit.append({
      actor: context.actor.id,
      action,
      target: click ? `request:${click.requestId}` : 'request:?',
      origin: 'button',
      result,
      // The display name comes from the authenticated activity, like the actor ids: the audit list shows it.
      details: {
        decision: click?.decision,
        platform: context.platform,
        conversationId: context.conversationId,
        actorIds: principalsOf(context.actor),
        ...(context.actor.displayName ? { actorName: context.actor.displayName } : {}),
        ...details,
      },
    });
  }
}

/** A bounded, JSON-safe trace of malformed card data for the audit record. */
function summarize(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 500) ?? String(value);
  } catch {
    return '[unserializable]';
  }
}
