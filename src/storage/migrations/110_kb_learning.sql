-- Learning from feedback (src/features/ask/learning): a miss is a question the bot abstained on or whose answer got 👎.
-- The asker is offered "Which of these did you mean?"; the choice waits for a knowledge maintainer, and an
-- accepted choice becomes an alternate phrasing of the chosen topic in every bot instance.
CREATE SEQUENCE kb_phrasing_seq;

CREATE TABLE kb_misses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  created_at timestamptz NOT NULL DEFAULT now(),
  platform text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('abstain', 'down')),
  question text NOT NULL,
  lang text NOT NULL,
  -- Topics offered as "Which of these did you mean?": a choice must be one of them (or none).
  offered text[] NOT NULL,
  -- The topic answered when the miss is a 👎.
  answered_topic text,
  -- Keyed hashes (the feedback hash key) of whoever was offered the choice and whoever chose.
  asker_hash text NOT NULL,
  chooser_hash text,
  chosen_topic text,
  chosen_at timestamptz,
  -- offered → none | pending (a topic was chosen) → accepted | rejected (by a maintainer).
  status text NOT NULL DEFAULT 'offered' CHECK (status IN ('offered', 'none', 'pending', 'accepted', 'rejected')),
  reviewed_by text,
  reviewed_at timestamptz,
  -- Set on accept from kb_phrasing_seq: bot instances load accepted phrasings above the last seq they saw.
  accepted_seq bigint UNIQUE
);
CREATE INDEX kb_misses_pending ON kb_misses (chosen_at) WHERE status = 'pending';
CREATE INDEX kb_misses_accepted ON kb_misses (accepted_seq) WHERE accepted_seq IS NOT NULL;
