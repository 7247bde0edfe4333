-- Alerts: durable inbox of received events, per-conversation deliveries, digests, rate-limit buckets.

-- Every accepted event, written before the receiver answers 2xx. dedupe_key = source-prefixed event id.
CREATE TABLE alert_events (
  id bigserial PRIMARY KEY,
  source text NOT NULL,
  dedupe_key text NOT NULL UNIQUE,
  event_type text NOT NULL,
  received_at timestamptz NOT NULL,
  -- The normalized AlertEvent (src/features/alerts/types.ts).
  payload jsonb NOT NULL,
  -- queued: waiting to be routed; delivering: routed, deliveries outstanding;
  -- delivered: every delivery sent (alone or in a digest) or nobody subscribed; failed: a delivery gave up.
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'delivering', 'delivered', 'failed')),
  -- Routing attempts; a worker that claimed the event holds it until lease_until.
  attempts integer NOT NULL DEFAULT 0,
  lease_until timestamptz,
  matched_conversations integer,
  settled_at timestamptz
);
CREATE INDEX alert_events_queued ON alert_events (id) WHERE state = 'queued';
CREATE INDEX alert_events_delivering ON alert_events (id) WHERE state = 'delivering';

-- A digest collects the deliveries a conversation's rate limit did not let through, until closes_at.
CREATE TABLE alert_digests (
  id bigserial PRIMARY KEY,
  platform text NOT NULL,
  conversation_id text NOT NULL,
  lang text NOT NULL,
  opened_at timestamptz NOT NULL,
  closes_at timestamptz NOT NULL,
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'sending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  -- While sending: the claim's expiry, after a failed attempt: when to retry.
  lease_until timestamptz,
  item_count integer,
  last_error text,
  sent_at timestamptz
);
-- At most one open digest per conversation: deliveries join it with INSERT … ON CONFLICT.
CREATE UNIQUE INDEX alert_digests_one_open ON alert_digests (platform, conversation_id) WHERE state = 'open';
CREATE INDEX alert_digests_due ON alert_digests (closes_at) WHERE state IN ('open', 'sending');

-- One row per (event, conversation): several matching subscriptions of one conversation give one message.
CREATE TABLE alert_deliveries (
  id bigserial PRIMARY KEY,
  event_id bigint NOT NULL REFERENCES alert_events (id) ON DELETE CASCADE,
  platform text NOT NULL,
  conversation_id text NOT NULL,
  subscription_id bigint NOT NULL,
  lang text NOT NULL,
  -- What a digest counts this delivery as, e.g. "push|myregistry|app/*".
  digest_group text NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'in_digest', 'sent', 'failed')),
  -- How a sent delivery reached the conversation: its own message, or counted in digest_id.
  delivered_via text CHECK (delivered_via IN ('message', 'digest')),
  digest_id bigint REFERENCES alert_digests (id),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  lease_until timestamptz,
  last_error text,
  delivered_at timestamptz,
  UNIQUE (event_id, platform, conversation_id)
);
CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at, id) WHERE state IN ('pending', 'sending');
CREATE INDEX alert_deliveries_by_digest ON alert_deliveries (digest_id) WHERE digest_id IS NOT NULL;

-- Token buckets shared by every instance (per conversation, and one global key).
CREATE TABLE alert_rate_buckets (
  key text PRIMARY KEY,
  tokens double precision NOT NULL,
  refilled_at timestamptz NOT NULL
);
