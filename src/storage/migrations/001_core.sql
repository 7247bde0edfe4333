-- Core tables of the storage area: conversation references, answer feedback, bot turn state.

-- Where the bot can post proactively (alerts): one row per platform conversation, upserted on every turn.
CREATE TABLE conversation_references (
  platform text NOT NULL,
  conversation_id text NOT NULL,
  channel_id text,
  team_id text,
  tenant_id text,
  service_url text,
  locale text,
  -- The platform's own reference (botbuilder ConversationReference, Slack channel/thread…).
  reference jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (platform, conversation_id)
);

-- 👍/👎 on answers. The user is kept as a keyed hash only.
CREATE TABLE feedback (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  created_at timestamptz NOT NULL DEFAULT now(),
  platform text NOT NULL,
  user_hash text NOT NULL,
  -- The reply that was voted on; a second vote on the same reply by the same user replaces the first.
  answer_id text,
  question text NOT NULL,
  topic text,
  entry_id text,
  answer_lang text,
  vote text NOT NULL CHECK (vote IN ('up', 'down')),
  locale text
);
CREATE UNIQUE INDEX feedback_one_vote_per_answer ON feedback (platform, user_hash, answer_id) WHERE answer_id IS NOT NULL;
CREATE INDEX feedback_created_at ON feedback (created_at DESC);
CREATE INDEX feedback_topic ON feedback (topic);

-- Bot turn state (botbuilder Storage): optimistic concurrency through etag.
CREATE TABLE bot_state (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  etag text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
