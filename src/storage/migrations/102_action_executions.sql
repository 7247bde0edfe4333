-- Execution of approved requests (area: approvals; code in src/features/act/). One row per planned item
-- outcome, written before the next item starts, so a crashed execution resumes where it stopped and never
-- acts on an item twice. plan_hash pins the rows to the plan they belong to.
CREATE TABLE action_checkpoints (
  -- approval_requests.id (no foreign key: tests and tools may empty approval_requests on their own).
  request_id text NOT NULL,
  plan_hash text NOT NULL,
  item_key text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('deleted', 'already-gone', 'skipped', 'failed', 'done')),
  reason text,
  attempts integer NOT NULL DEFAULT 0,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (request_id, item_key)
);

-- The final JSON report of an execution, downloadable with an unguessable token (GET /api/reports/:id).
CREATE TABLE action_reports (
  request_id text PRIMARY KEY,
  -- 256 random bits; the link on the report card carries it. Compared in constant time.
  token text NOT NULL,
  report jsonb NOT NULL,
  created_at timestamptz NOT NULL
);
