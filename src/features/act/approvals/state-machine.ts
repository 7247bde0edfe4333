/**
 * Life of an approval request:
 *
 *   pending ──(enough approvals)──▶ approved ──(claim)──▶ running ──▶ done | failed
 *      │ └──(reject)──▶ rejected                            ▲   │
 *      └──(expiry passed)──▶ expired                        └───┘ re-claim after the lease expired
 *                                                                 (the worker crashed: resume)
 *
 * Pure rules here; approval-store.ts applies them as conditional UPDATEs (id, state, version).
 */
export const APPROVAL_STATES = ['pending', 'approved', 'running', 'done', 'failed', 'rejected', 'expired'] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];

const NEXT: Record<ApprovalState, readonly ApprovalState[]> = {
  // pending → pending: one more approval recorded, not enough yet.
  pending: ['pending', 'approved', 'rejected', 'expired'],
  approved: ['running'],
  running: ['running', 'done', 'failed'],
  done: [],
  failed: [],
  rejected: [],
  expired: [],
};

export function canTransition(from: ApprovalState, to: ApprovalState): boolean {
  return NEXT[from].includes(to);
}

/** No further change is possible. */
export function isTerminal(state: ApprovalState): boolean {
  return NEXT[state].length === 0;
}

/** Approve/Reject buttons only make sense while pending; after that a click is a replay. */
export function isDecided(state: ApprovalState): boolean {
  return state !== 'pending';
}

/** State after one more approval, given how many approvals the policy requires. */
export function stateAfterApproval(approvalCount: number, approvalsRequired: number): 'pending' | 'approved' {
  return approvalCount >= approvalsRequired ? 'approved' : 'pending';
}

export class InvalidTransitionError extends Error {
  constructor(
    readonly from: ApprovalState,
    readonly to: ApprovalState,
  ) {
    super(`approval request cannot go from ${from} to ${to}`);
    this.name = 'InvalidTransitionError';
  }
}

export function assertTransition(from: ApprovalState, to: ApprovalState): void {
  if (!canTransition(from, to)) throw new InvalidTransitionError(from, to);
}
