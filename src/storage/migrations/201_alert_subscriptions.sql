-- Which conversation wants which alerts. Lives in the database, so it survives restarts.
CREATE TABLE alert_subscriptions (
  id bigserial PRIMARY KEY,
  platform text NOT NULL,
  conversation_id text NOT NULL,
  -- Short registry name, lower case ("myregistry" for myregistry.azurecr.io).
  registry text NOT NULL,
  -- Glob over repository names: * within one path segment, ** across segments.
  repository_pattern text NOT NULL DEFAULT '**',
  -- JSON array of event types; empty = every type.
  event_types jsonb NOT NULL DEFAULT '[]',
  -- Azure Monitor scale: 0 (Sev0, critical) … 4 (Sev4, verbose); events at or above it pass.
  min_severity smallint NOT NULL DEFAULT 4 CHECK (min_severity BETWEEN 0 AND 4),
  -- Language of the alerts in this conversation.
  lang text NOT NULL DEFAULT 'en',
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (platform, conversation_id) REFERENCES conversation_references (platform, conversation_id) ON DELETE CASCADE,
  UNIQUE (platform, conversation_id, registry, repository_pattern, event_types, min_severity)
);
CREATE INDEX alert_subscriptions_by_registry ON alert_subscriptions (registry);
