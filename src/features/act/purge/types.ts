/** Data shapes of the purge engine: the plan (dry run), per-item results and the checkpoint port. */

export interface PurgeParams {
  /** `repoRegex:tagRegex`, repeatable (OR). */
  filters: string[];
  /** Minimum age of a manifest (last update, else creation), e.g. `30d`, `1d3h`. */
  ago: string;
  /** Newest N matching manifests to keep per repository (acr purge `--keep`). */
  keep: number;
  /** Also delete untagged manifests (ACR only). */
  untagged: boolean;
  /** Delete only untagged manifests; tagged ones are left alone (ACR only). */
  untaggedOnly: boolean;
  /** Locked manifests are skipped unless this is set. */
  includeLocked: boolean;
  /** `repoRegex` or `repoRegex:tagRegex` patterns that are never deleted (approval policy). */
  protect: string[];
}

/** Why a manifest is in the plan. */
export type PlanReason = 'matched-filter' | 'untagged' | 'child-of-deleted-index' | 'referrer-of-deleted-subject';

/** Why a manifest the filter looked at stays. */
export type KeptReason =
  | 'too-new'
  | 'unknown-age'
  | 'keep-newest'
  | 'locked'
  | 'protected'
  | 'tag-outside-filter'
  | 'child-of-kept-index'
  | 'subject-kept';

export interface PurgePlanItem {
  repository: string;
  digest: string;
  /** Tags the manifest carried when planned; deleting it removes exactly these. */
  tags: string[];
  createdAt: string | null;
  sizeInBytes: number | null;
  reason: PlanReason;
  /** Deletion order: 0 first; an index goes before its children, a subject before its referrers. */
  phase: number;
}

export interface PurgePlanCounts {
  repositoriesScanned: number;
  manifestsScanned: number;
  tagsScanned: number;
  items: number;
  tags: number;
  kept: Partial<Record<KeptReason, number>>;
}

export interface PurgePlan {
  version: 1;
  /** Registry endpoint the plan was made for; execution refuses another one. */
  registry: string;
  createdAt: string;
  /** Params as given plus the age cut-off computed at planning time. */
  params: PurgeParams & { olderThan: string };
  items: PurgePlanItem[];
  counts: PurgePlanCounts;
  bytesEstimate: number;
  /** sha256 (hex) of the canonical JSON of {version, registry, params, items}. */
  hash: string;
}

export type ItemOutcome = 'deleted' | 'already-gone' | 'skipped' | 'failed';

export interface PurgeItemResult {
  repository: string;
  digest: string;
  outcome: ItemOutcome;
  /** For skipped/failed (and 'not-found' style notes): why. */
  reason?: string;
  attempts: number;
}

/**
 * Where an execution records each item outcome so a crashed run can resume. Implementations must
 * make every recorded result durable before `record` resolves.
 */
export interface PurgeCheckpointStore {
  /** Results recorded so far for this plan; throws when the store belongs to another plan. */
  load(planHash: string): Promise<PurgeItemResult[]>;
  record(result: PurgeItemResult): Promise<void>;
  close(): Promise<void>;
}

export interface PurgeProgress {
  total: number;
  done: number;
  deleted: number;
  alreadyGone: number;
  skipped: number;
  failed: number;
  concurrency: number;
}

export interface PurgeReport {
  planHash: string;
  registry: string;
  startedAt: string;
  durationInMs: number;
  totals: { items: number; deleted: number; alreadyGone: number; skipped: number; failed: number; resumed: number };
  /** Sum of planned sizes of the deleted manifests: an upper bound, shared layers are not freed. */
  bytesFreedEstimate: number;
  results: PurgeItemResult[];
  failures: PurgeItemResult[];
  aborted: boolean;
}
