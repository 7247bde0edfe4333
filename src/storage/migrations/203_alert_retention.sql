-- Retention (src/storage/retention.ts) deletes settled events by age: find them without a full scan.
CREATE INDEX alert_events_settled ON alert_events (settled_at) WHERE state IN ('delivered', 'failed');
