-- Approval requests (area: approvals). One row per requested registry action; the state machine in
-- src/features/act/approvals/state-machine.ts. Every state change is a conditional UPDATE on (id, state, version),
-- so a double click, a retry or a second instance cannot move a request twice.
CREATE TABLE approval_requests (
  id text PRIMARY KEY,
  action text NOT NULL,
  registry text NOT NULL,
  params jsonb NOT NULL,
  -- The dry-run plan the approvers saw, and sha256 of its canonical JSON (carried by the card).
  plan jsonb NOT NULL,
  plan_hash text NOT NULL,
  requester text NOT NULL,
  platform text NOT NULL,
  conversation_id text NOT NULL,
  card_activity_id text,
  state text NOT NULL CHECK (state IN ('pending', 'approved', 'running', 'done', 'failed', 'rejected', 'expired')),
  approvals_required integer NOT NULL CHECK (approvals_required >= 1),
  -- Approver principals in approval order (mirrors approval_votes, for display and policy checks).
  approvals jsonb NOT NULL DEFAULT '[]'::jsonb,
  rejected_by text,
  -- Execution claim: the claim token of the worker running it and until when that claim holds.
  lease_owner text,
  lease_expires_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  result jsonb,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 0
);
CREATE INDEX approval_requests_pending_expiry ON approval_requests (expires_at) WHERE state = 'pending';
CREATE INDEX approval_requests_recoverable ON approval_requests (state, lease_expires_at) WHERE state IN ('approved', 'running');
CREATE INDEX approval_requests_conversation ON approval_requests (platform, conversation_id, created_at DESC);

-- One row per approver and request: the primary key makes a second approval by the same person a no-op.
CREATE TABLE approval_votes (
  request_id text NOT NULL REFERENCES approval_requests (id) ON DELETE CASCADE,
  approver text NOT NULL,
  approved_at timestamptz NOT NULL,
  PRIMARY KEY (request_id, approver)
);
