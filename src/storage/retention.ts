/**
 * Retention: rows that only record the past (delivered alerts, old feedback, finished requests and
 * their reports) are deleted once they are older than the retention period. Each area brings its own
 * purge function; this module only decides when to run them and sums up what they removed. It runs
 * inside the watchers' round (src/features/alerts/watchers/scheduler.ts), so with several instances only the
 * lease holder deletes. The audit log is never pruned: its rows are the permanent record.
 */

export const DEFAULT_RETENTION_DAYS = 30;
const DAY_IN_MS = 86_400_000;

import type { RetentionRun, RetentionSummary, RetentionTask } from '../core/feature.js';

export type { RetentionRun, RetentionSummary, RetentionTask };

export interface RetentionOptions {
  tasks: readonly RetentionTask[];
  /** Rows older than this many days go; default 30. */
  retentionDays?: number;
  /** At most one run per interval (the watchers' round may be more frequent); default 1 hour. */
  intervalInMs?: number;
  /** Called after a run that deleted something (e.g. to write one audit record). */
  onPurged?: (summary: RetentionSummary) => Promise<void>;
}

export class Retention implements RetentionRun {
  readonly retentionDays: number;
  private readonly intervalInMs: number;
  private lastRunAt?: number;

  constructor(private readonly options: RetentionOptions) {
    this.retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
    this.intervalInMs = options.intervalInMs ?? 60 * 60_000;
  }

  /** Runs every task unless a run happened less than the interval ago; undefined when skipped. */
  async runIfDue(now: Date): Promise<RetentionSummary | undefined> {
    if (this.lastRunAt !== undefined && now.getTime() - this.lastRunAt < this.intervalInMs) return undefined;
    const summary = await this.runOnce(now);
    this.lastRunAt = now.getTime();
    return summary;
  }

  /** Runs every task once; a failing task fails the run (the next round tries again, deletes are idempotent). */
  async runOnce(now: Date): Promise<RetentionSummary> {
    const olderThan = new Date(now.getTime() - this.retentionDays * DAY_IN_MS);
    const deleted: Record<string, number> = {};
    for (const task of this.options.tasks) deleted[task.name] = await task.purge(olderThan);
    const summary = { olderThan, deleted };
    if (Object.values(deleted).some((n) => n > 0)) await this.options.onPurged?.(summary);
    return summary;
  }
}
