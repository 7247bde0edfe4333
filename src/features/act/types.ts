/** Data of an approved request's execution: progress while it runs, the report when it ends. */
import type { ApprovalAction } from './approvals/actions.js';

export type ExecutionOutcome = 'done' | 'already-gone' | 'skipped' | 'failed';

export interface ExecutionTotals {
  items: number;
  done: number;
  alreadyGone: number;
  skipped: number;
  failed: number;
  /** Items finished by an earlier (crashed) attempt and not touched again. */
  resumed: number;
}

export interface ExecutionProgress {
  total: number;
  done: number;
  alreadyGone: number;
  skipped: number;
  failed: number;
}

export interface ExecutionItemResult {
  /** `repository@digest`, a run id, … */
  item: string;
  outcome: ExecutionOutcome;
  reason?: string;
  attempts: number;
}

/** The downloadable JSON report (also summarized on the final card). */
export interface ExecutionReport {
  requestId: string;
  action: ApprovalAction;
  registry: string;
  planHash: string;
  requester: string;
  approvers: string[];
  /** When the first attempt started (a resumed execution spans several attempts). */
  startedAt: string;
  finishedAt: string;
  /** From the first attempt's start to the finish: the whole execution, across attempts. */
  durationInMs: number;
  /** The last attempt alone. */
  lastAttemptDurationInMs: number;
  attempt: number;
  totals: ExecutionTotals;
  /** Purges: planned sizes of deleted manifests (an upper bound: shared layers are not freed). */
  bytesFreedEstimate?: number;
  results: ExecutionItemResult[];
  /** True when the run stopped early (lost its lease or shut down); it resumes later. */
  aborted: boolean;
}

/** Handled items so far, from a report or a running count. */
export function handledCount(p: Pick<ExecutionProgress, 'done' | 'alreadyGone' | 'skipped' | 'failed'>): number {
  return p.done + p.alreadyGone + p.skipped + p.failed;
}
