/**
 * Misses and the phrasings learnt from them (migration 110_kb_learning). Every state change is one
 * conditional UPDATE checked through affectedRows, so a double click, a second maintainer or a second
 * instance cannot choose or review a miss twice.
 */
import type { Database } from '../../../storage/types.js';

export type MissKind = 'abstain' | 'down';
export type MissStatus = 'offered' | 'none' | 'pending' | 'accepted' | 'rejected';
/** The choice that means "none of the offered topics". */
export const NONE_OF_THESE = 'none';

export interface NewMiss {
  platform: string;
  kind: MissKind;
  question: string;
  lang: string;
  offered: readonly string[];
  answeredTopic?: string;
  askerHash: string;
}

export interface Miss extends NewMiss {
  id: string;
  createdAt: Date;
  offered: string[];
  status: MissStatus;
  chosenTopic?: string;
  chooserHash?: string;
  chosenAt?: Date;
  reviewedBy?: string;
  reviewedAt?: Date;
  acceptedSeq?: number;
}

/** An accepted phrasing: what the overlay adds to the matcher and `kb export` writes to knowledge/. */
export interface AcceptedPhrasing {
  seq: number;
  id: string;
  topic: string;
  lang: string;
  question: string;
}

export type ChooseOutcome =
  { ok: true; miss: Miss } | { ok: false; reason: 'notFound' | 'notOffered' | 'alreadyChosen' };
export type ReviewOutcome = { ok: true; miss: Miss } | { ok: false; reason: 'notFound' | 'notPending' };

interface Row {
  id: string;
  created_at: Date;
  platform: string;
  kind: MissKind;
  question: string;
  lang: string;
  offered: string[];
  answered_topic: string | null;
  asker_hash: string;
  chooser_hash: string | null;
  chosen_topic: string | null;
  chosen_at: Date | null;
  status: MissStatus;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  accepted_seq: string | number | null;
}

const COLUMNS =
  'id, created_at, platform, kind, question, lang, offered, answered_topic, asker_hash, chooser_hash, chosen_topic, chosen_at, status, reviewed_by, reviewed_at, accepted_seq';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toMiss(row: Row): Miss {
  return {
    id: row.id,
    createdAt: row.created_at,
    platform: row.platform,
    kind: row.kind,
    question: row.question,
    lang: row.lang,
    offered: row.offered,
    answeredTopic: row.answered_topic ?? undefined,
    askerHash: row.asker_hash,
    status: row.status,
    chosenTopic: row.chosen_topic ?? undefined,
    chooserHash: row.chooser_hash ?? undefined,
    chosenAt: row.chosen_at ?? undefined,
    reviewedBy: row.reviewed_by ?? undefined,
    reviewedAt: row.reviewed_at ?? undefined,
    acceptedSeq: row.accepted_seq === null ? undefined : Number(row.accepted_seq),
  };
}

export class LearningStore {
  constructor(private readonly db: Database) {}

  async recordMiss(miss: NewMiss): Promise<Miss> {
    const { rows } = await this.db.query<Row>(
      `INSERT INTO kb_misses (platform, kind, question, lang, offered, answered_topic, asker_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [
        miss.platform,
        miss.kind,
        miss.question,
        miss.lang,
        [...miss.offered],
        miss.answeredTopic ?? null,
        miss.askerHash,
      ],
    );
    return toMiss(rows[0]);
  }

  async get(id: string): Promise<Miss | null> {
    if (!UUID.test(id)) return null;
    const { rows } = await this.db.query<Row>(`SELECT ${COLUMNS} FROM kb_misses WHERE id = $1`, [id]);
    return rows[0] ? toMiss(rows[0]) : null;
  }

  /** The first choice wins; the topic must be one of those offered (or NONE_OF_THESE). */
  async choose(id: string, topic: string, chooserHash: string): Promise<ChooseOutcome> {
    const miss = await this.get(id);
    if (!miss) return { ok: false, reason: 'notFound' };
    const none = topic === NONE_OF_THESE;
    if (!none && !miss.offered.includes(topic)) return { ok: false, reason: 'notOffered' };
    const { rows } = await this.db.query<Row>(
      `UPDATE kb_misses SET status = $2, chosen_topic = $3, chooser_hash = $4, chosen_at = now()
       WHERE id = $1 AND status = 'offered' AND ($3::text IS NULL OR $3 = ANY(offered)) RETURNING ${COLUMNS}`,
      [id, none ? 'none' : 'pending', none ? null : topic, chooserHash],
    );
    return rows[0] ? { ok: true, miss: toMiss(rows[0]) } : { ok: false, reason: 'alreadyChosen' };
  }

  /** Choices waiting for a maintainer, oldest first. */
  async listPending(limit = 10): Promise<Miss[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM kb_misses WHERE status = 'pending' ORDER BY chosen_at, id LIMIT $1`,
      [limit],
    );
    return rows.map(toMiss);
  }

  async countPending(): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM kb_misses WHERE status = 'pending'`,
    );
    return rows[0]?.n ?? 0;
  }

  /** Accepts (the phrasing gets the next sequence number) or rejects a pending choice; first review wins. */
  async review(id: string, decision: 'accept' | 'reject', reviewer: string): Promise<ReviewOutcome> {
    if (!UUID.test(id)) return { ok: false, reason: 'notFound' };
    const { rows } = await this.db.query<Row>(
      `UPDATE kb_misses SET status = $2, reviewed_by = $3, reviewed_at = now(),
         accepted_seq = CASE WHEN $2 = 'accepted' THEN nextval('kb_phrasing_seq') END
       WHERE id = $1 AND status = 'pending' RETURNING ${COLUMNS}`,
      [id, decision === 'accept' ? 'accepted' : 'rejected', reviewer],
    );
    if (rows[0]) return { ok: true, miss: toMiss(rows[0]) };
    return { ok: false, reason: (await this.get(id)) ? 'notPending' : 'notFound' };
  }

  /** Accepted phrasings with a sequence number above `afterSeq`, in acceptance order. */
  async acceptedSince(afterSeq = 0): Promise<AcceptedPhrasing[]> {
    const { rows } = await this.db.query<{
      seq: string | number;
      id: string;
      topic: string;
      lang: string;
      question: string;
    }>(
      `SELECT accepted_seq AS seq, id, chosen_topic AS topic, lang, question FROM kb_misses
       WHERE status = 'accepted' AND accepted_seq > $1 ORDER BY accepted_seq`,
      [afterSeq],
    );
    return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
  }
}
