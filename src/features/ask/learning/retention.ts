/**
 * Retention of learning's table (see src/storage/retention.ts): misses nobody acted on (offered, none of
 * these) and rejected phrasings go once older than the period. Pending ones wait for a maintainer, and
 * accepted ones are the phrasing overlay every instance loads, so they stay whatever their age.
 */
import type { RetentionTask } from '../../../storage/retention.js';
import type { Database } from '../../../storage/types.js';

export function missesRetention(db: Database): RetentionTask {
  return {
    name: 'kb-misses',
    purge: async (olderThan) =>
      (
        await db.query(
          `DELETE FROM kb_misses WHERE status IN ('offered', 'none', 'rejected') AND coalesce(reviewed_at, chosen_at, created_at) < $1`,
          [olderThan.toISOString()],
        )
      ).affectedRows,
  };
}
