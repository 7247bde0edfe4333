-- Built-in watchers: a lease so that one instance polls, and each watcher's memory between polls.
CREATE TABLE alert_leases (
  name text PRIMARY KEY,
  holder text NOT NULL,
  expires_at timestamptz NOT NULL
);

CREATE TABLE alert_watcher_state (
  name text PRIMARY KEY,
  state jsonb NOT NULL,
  updated_at timestamptz NOT NULL
);
