/**
 * Checkpoints of an approved request's execution in the database (migration 102_action_executions),
 * so a bot that crashed mid-purge resumes on restart with exactly the items it had not finished.
 * Each `record` is one committed upsert: durable before the executor moves on. Rows are pinned to the
 * plan hash; a store opened for another plan refuses to load (like the file checkpoint).
 */
import type { SqlExecutor } from '../../../storage/types.js';
import { PurgeInputError } from './errors.js';
import type { ItemOutcome, PurgeCheckpointStore, PurgeItemResult } from './types.js';

/** One recorded item outcome of any action (purge items are `repository@digest`). */
export interface CheckpointRow {
  itemKey: string;
  outcome: ItemOutcome | 'done';
  reason?: string;
  attempts: number;
}

/**
 * The database could not be read or written for a checkpoint (server restarting, connection lost). The
 * execution cannot go on without recording, but nothing about the plan failed: the runner leaves the
 * request running and it resumes from the recorded items once its lease runs out.
 */
export class CheckpointStorageError extends Error {
  override name = 'CheckpointStorageError';
  constructor(cause: unknown) {
    super(`checkpoint storage unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

async function storage<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw new CheckpointStorageError(error);
  }
}

export interface SqlCheckpointStoreOptions {
  now?: () => Date;
}

export class SqlCheckpointStore implements PurgeCheckpointStore {
  private readonly now: () => Date;
  private planHash?: string;

  constructor(
    private readonly db: SqlExecutor,
    readonly requestId: string,
    options: SqlCheckpointStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Generic rows (any action); throws when rows of another plan exist for this request. */
  async loadRows(planHash: string): Promise<CheckpointRow[]> {
    const { rows } = await storage(
      this.db.query<{
        plan_hash: string;
        item_key: string;
        outcome: CheckpointRow['outcome'];
        reason: string | null;
        attempts: number;
      }>(
        'SELECT plan_hash, item_key, outcome, reason, attempts FROM action_checkpoints WHERE request_id = $1 ORDER BY recorded_at, item_key',
        [this.requestId],
      ),
    );
    if (rows.some((row) => row.plan_hash !== planHash)) throw new PurgeInputError('checkpoint-mismatch');
    this.planHash = planHash;
    return rows.map((row) => ({
      itemKey: row.item_key,
      outcome: row.outcome,
      ...(row.reason ? { reason: row.reason } : {}),
      attempts: Number(row.attempts),
    }));
  }

  /** A later outcome of the same item (a retried failure) replaces the earlier one. */
  async recordRow(row: CheckpointRow): Promise<void> {
    if (!this.planHash) throw new Error('SqlCheckpointStore: load the plan before recording');
    await storage(
      this.db.query(
        `INSERT INTO action_checkpoints (request_id, plan_hash, item_key, outcome, reason, attempts, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (request_id, item_key) DO UPDATE SET outcome = EXCLUDED.outcome, reason = EXCLUDED.reason,
           attempts = action_checkpoints.attempts + EXCLUDED.attempts, recorded_at = EXCLUDED.recorded_at`,
        [this.requestId, this.planHash, row.itemKey, row.outcome, row.reason ?? null, row.attempts, this.now()],
      ),
    );
  }

  async load(planHash: string): Promise<PurgeItemResult[]> {
    return (await this.loadRows(planHash)).map((row) => {
      const at = row.itemKey.lastIndexOf('@');
      return {
        repository: row.itemKey.slice(0, at),
        digest: row.itemKey.slice(at + 1),
        outcome: row.outcome === 'done' ? 'deleted' : row.outcome,
        ...(row.reason ? { reason: row.reason } : {}),
        attempts: row.attempts,
      };
    });
  }

  record(result: PurgeItemResult): Promise<void> {
    return this.recordRow({
      itemKey: `${result.repository}@${result.digest}`,
      outcome: result.outcome,
      reason: result.reason,
      attempts: result.attempts,
    });
  }

  async close(): Promise<void> {
    // Nothing to release: every record is already committed.
  }
}
