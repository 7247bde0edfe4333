import { createHmac } from 'node:crypto';
import type { Database } from './types.js';

export type Vote = 'up' | 'down';
const VOTES: readonly Vote[] = ['up', 'down'];

/** What was voted on, and how. */
interface FeedbackFields {
  platform: string;
  /** Id of the reply voted on: a later vote by the same user on the same reply replaces the earlier one. */
  answerId?: string;
  question: string;
  topic?: string;
  /** Knowledge-base entry that was answered. */
  entryId?: string;
  answerLang?: string;
  vote: Vote;
  locale?: string;
}

export interface FeedbackInput extends FeedbackFields {
  /** The platform user id from the authenticated activity; stored only as a keyed hash. */
  userId: string;
}

export interface FeedbackRecord extends FeedbackFields {
  id: string;
  createdAt: Date;
  userHash: string;
}

export interface TopicFeedbackCount {
  /** undefined: feedback on answers without a topic. */
  topic?: string;
  up: number;
  down: number;
}

export interface FeedbackStoreOptions {
  /** Key for the HMAC of user ids (e.g. from config), so the table holds no raw user ids. */
  userIdHashKey?: string;
}

export interface ListRecentFeedbackOptions {
  /** Default 50. */
  limit?: number;
  platform?: string;
}

export interface CountFeedbackOptions {
  since?: Date;
}

interface Row {
  id: string;
  created_at: Date;
  platform: string;
  user_hash: string;
  answer_id: string | null;
  question: string;
  topic: string | null;
  entry_id: string | null;
  answer_lang: string | null;
  vote: Vote;
  locale: string | null;
}

const COLUMNS = 'id, created_at, platform, user_hash, answer_id, question, topic, entry_id, answer_lang, vote, locale';
const DEFAULT_HASH_KEY = 'acr-chatops/feedback';

function toRecord(row: Row): FeedbackRecord {
  return {
    id: row.id,
    createdAt: row.created_at,
    platform: row.platform,
    userHash: row.user_hash,
    answerId: row.answer_id ?? undefined,
    question: row.question,
    topic: row.topic ?? undefined,
    entryId: row.entry_id ?? undefined,
    answerLang: row.answer_lang ?? undefined,
    vote: row.vote,
    locale: row.locale ?? undefined,
  };
}

/** 👍/👎 on answers: what was asked, which topic answered, in which language. */
export class FeedbackStore {
  private readonly hashKey: string;

  constructor(
    private readonly db: Database,
    options: FeedbackStoreOptions = {},
  ) {
    this.hashKey = options.userIdHashKey ?? DEFAULT_HASH_KEY;
  }

  hashUserId(platform: string, userId: string): string {
    return createHmac('sha256', this.hashKey).update(`${platform}\u0000${userId}`).digest('hex');
  }

  async record(input: FeedbackInput): Promise<FeedbackRecord> {
    if (!VOTES.includes(input.vote)) throw new RangeError(`Feedback vote must be one of ${VOTES.join(', ')}`);
    const { rows } = await this.db.query<Row>(
      `INSERT INTO feedback (platform, user_hash, answer_id, question, topic, entry_id, answer_lang, vote, locale)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (platform, user_hash, answer_id) WHERE answer_id IS NOT NULL
       DO UPDATE SET vote = EXCLUDED.vote, created_at = now()
       RETURNING ${COLUMNS}`,
      [
        input.platform,
        this.hashUserId(input.platform, input.userId),
        input.answerId ?? null,
        input.question,
        input.topic ?? null,
        input.entryId ?? null,
        input.answerLang ?? null,
        input.vote,
        input.locale ?? null,
      ],
    );
    return toRecord(rows[0]);
  }

  /** Newest first. */
  async listRecent(options: ListRecentFeedbackOptions = {}): Promise<FeedbackRecord[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM feedback WHERE ($1::text IS NULL OR platform = $1)
       ORDER BY created_at DESC, seq DESC LIMIT $2`,
      [options.platform ?? null, options.limit ?? 50],
    );
    return rows.map(toRecord);
  }

  /** Retention: deletes votes older than the cut-off; returns how many. */
  async purgeOlderThan(olderThan: Date): Promise<number> {
    return (await this.db.query('DELETE FROM feedback WHERE created_at < $1', [olderThan.toISOString()])).affectedRows;
  }

  /** Votes per topic, most voted first. */
  async countsByTopic(options: CountFeedbackOptions = {}): Promise<TopicFeedbackCount[]> {
    const { rows } = await this.db.query<{ topic: string | null; up: number; down: number }>(
      `SELECT topic, count(*) FILTER (WHERE vote = 'up')::int AS up, count(*) FILTER (WHERE vote = 'down')::int AS down
       FROM feedback WHERE ($1::timestamptz IS NULL OR created_at >= $1)
       GROUP BY topic ORDER BY count(*) DESC, topic NULLS LAST`,
      [options.since ?? null],
    );
    return rows.map((row) => ({ topic: row.topic ?? undefined, up: row.up, down: row.down }));
  }
}
