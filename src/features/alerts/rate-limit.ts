/**
 * Token buckets kept in the database (table alert_rate_buckets), so every bot instance draws from
 * the same bucket: two instances do not double a conversation's rate. One statement per take.
 */
import type { SqlExecutor } from '../../storage/types.js';

export interface TokenBucketSpec {
  /** Largest burst. */
  capacity: number;
  /** Sustained rate. */
  refillPerSecond: number;
}

const REFILLED = `LEAST($2::float8, b.tokens + GREATEST(0, EXTRACT(EPOCH FROM ($3::timestamptz - b.refilled_at)))::float8 * $4::float8)`;

/** Takes one token at `now`; false when the bucket is empty. A new key starts full. */
export async function takeToken(db: SqlExecutor, key: string, spec: TokenBucketSpec, now: Date): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO alert_rate_buckets AS b (key, tokens, refilled_at) VALUES ($1, $2::float8 - 1, $3::timestamptz)
     ON CONFLICT (key) DO UPDATE SET tokens = ${REFILLED} - 1, refilled_at = GREATEST(b.refilled_at, $3::timestamptz)
     WHERE ${REFILLED} >= 1
     RETURNING b.tokens`,
    [key, spec.capacity, now.toISOString(), spec.refillPerSecond],
  );
  return rows.length > 0;
}

/** Gives back a token taken for a send that did not happen. */
export async function returnToken(db: SqlExecutor, key: string, spec: TokenBucketSpec): Promise<void> {
  await db.query('UPDATE alert_rate_buckets SET tokens = LEAST($2::float8, tokens + 1) WHERE key = $1', [
    key,
    spec.capacity,
  ]);
}
