/**
 * Retention of Act's tables (see src/storage/retention.ts): requests that reached an end state
 * (done, failed, rejected, expired) with their votes, execution checkpoints and downloadable reports.
 * Requests still pending, approved or running are never touched, whatever their age. What happened stays
 * in the audit log (request, approvals, execution start/finish with the plan hash and totals).
 */
import type { Database } from '../../storage/types.js';
import type { RetentionTask } from '../../storage/retention.js';

const ENDED = `('done', 'failed', 'rejected', 'expired')`;

/** Ended requests last changed before the cut-off; votes go with them (ON DELETE CASCADE). */
export function finishedRequestsRetention(db: Database): RetentionTask {
  return {
    name: 'requests',
    purge: async (olderThan) =>
      (
        await db.query(`DELETE FROM approval_requests WHERE state IN ${ENDED} AND updated_at < $1`, [
          olderThan.toISOString(),
        ])
      ).affectedRows,
  };
}

/** Reports and checkpoints older than the cut-off, unless their request is still being executed. */
export function executionRecordsRetention(db: Database): RetentionTask[] {
  const unlessRunning = (alias: string) =>
    `NOT EXISTS (SELECT 1 FROM approval_requests r WHERE r.id = ${alias}.request_id AND r.state IN ('approved', 'running'))`;
  return [
    {
      name: 'reports',
      purge: async (olderThan) =>
        (
          await db.query(`DELETE FROM action_reports a WHERE created_at < $1 AND ${unlessRunning('a')}`, [
            olderThan.toISOString(),
          ])
        ).affectedRows,
    },
    {
      name: 'checkpoints',
      purge: async (olderThan) =>
        (
          await db.query(`DELETE FROM action_checkpoints c WHERE recorded_at < $1 AND ${unlessRunning('c')}`, [
            olderThan.toISOString(),
          ])
        ).affectedRows,
    },
  ];
}
