import pLimit from 'p-limit';
import type { ManifestInfo, RegistryClient } from '../../../registry/types.js';
import { AdaptiveConcurrency } from './adaptive-concurrency.js';
import { PurgeInputError } from './errors.js';
import { verifyPlanHash } from './plan-hash.js';
import { classifyFailure, retryDelayInMs, type BackoffOptions, type ClassifiedFailure } from './retry.js';
import type {
  PurgeCheckpointStore,
  PurgeItemResult,
  PurgePlan,
  PurgePlanItem,
  PurgeProgress,
  PurgeReport,
} from './types.js';

export const defaultConcurrency = 8;
export const maxConcurrency = 32;

export interface PurgeRetryOptions extends Partial<BackoffOptions> {
  /** Tries per request, the first included. */
  maxAttempts?: number;
}

/**
 * How each item is re-checked just before deletion:
 * - 'per-item': `getManifest` by digest (ACR answers with tags and lock attributes in one call);
 * - 'tag-snapshot': for plain OCI registries, where finding the tags of a digest means resolving
 *   every tag of the repository: one tag → digest snapshot per repository and phase, taken when
 *   execution reaches the repository before it in the plan (so workers never wait for it); a
 *   vanished manifest shows up as 404 on delete ('already-gone').
 * - 'auto' (default): 'tag-snapshot' when the client can list tag digests and cannot list untagged
 *   manifests (OCI), else 'per-item'.
 */
export type RecheckStrategy = 'auto' | 'per-item' | 'tag-snapshot';

/** Optional capabilities of OCI clients (OciRegistryClient.listTags / headManifest). */
interface TagResolver {
  listTags(repository: string, options?: { abortSignal?: AbortSignal }): AsyncIterable<string>;
  /** Digest a tag resolves to; null when the tag is gone. */
  headManifest(repository: string, reference: string, options?: { abortSignal?: AbortSignal }): Promise<string | null>;
}

function canSnapshotTags(client: RegistryClient): client is RegistryClient & TagResolver {
  const candidate = client as Partial<TagResolver>;
  return typeof candidate.listTags === 'function' && typeof candidate.headManifest === 'function';
}

export interface PurgeExecutorOptions {
  concurrency?: number;
  recheck?: RecheckStrategy;
  checkpoint?: PurgeCheckpointStore;
  /** Called after every item outcome with running counts (cheap: callers can throttle it). */
  onProgress?: (progress: PurgeProgress) => void;
  abortSignal?: AbortSignal;
  retry?: PurgeRetryOptions;
  /** Injectable for tests: randomness of the jitter and the clock used for sleeping. */
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

class AbortedError extends Error {
  override readonly name = 'AbortError';
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError('aborted'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function normalizeEndpoint(url: string): string {
  return url.replace(/\/+$/, '').toLowerCase();
}

export function validateConcurrency(value: number | undefined): number {
  const concurrency = value ?? defaultConcurrency;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > maxConcurrency) {
    throw new PurgeInputError('concurrency-invalid', { value: String(value), max: maxConcurrency });
  }
  return concurrency;
}

function itemKey(repository: string, digest: string): string {
  return `${repository}@${digest}`;
}

function isLocked(info: ManifestInfo): boolean {
  return info.lock !== undefined && (!info.lock.deleteEnabled || !info.lock.writeEnabled);
}

/** Runs one request with retries; counts every try in `attempts`. */
class RetryingCaller {
  attempts = 0;
  constructor(
    private readonly limiter: AdaptiveConcurrency,
    private readonly options: Required<PurgeRetryOptions>,
    private readonly random: () => number,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
    private readonly abortSignal: AbortSignal | undefined,
  ) {}

  async call<T>(request: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      if (this.abortSignal?.aborted) throw new AbortedError('aborted');
      this.attempts++;
      try {
        const result = await request();
        this.limiter.onSuccess();
        return result;
      } catch (error) {
        const failure = classifyFailure(error);
        if (failure.kind === 'aborted' || this.abortSignal?.aborted) throw new AbortedError('aborted');
        if (failure.kind === 'throttled') this.limiter.onThrottled();
        if (failure.kind === 'permanent' || attempt >= this.options.maxAttempts)
          throw new FailedRequest(failure, attempt);
        await this.sleep(retryDelayInMs(attempt, failure, this.options, this.random), this.abortSignal);
      }
    }
  }
}

class FailedRequest extends Error {
  constructor(
    readonly failure: ClassifiedFailure,
    readonly tries: number,
  ) {
    super(failure.description);
  }
}

/**
 * Executes a purge plan: verifies its hash, then deletes exactly the planned manifests, phase by
 * phase, re-checking each one just before deleting it. Safe to re-run with the same checkpoint after
 * a crash: recorded outcomes are not repeated and nothing outside the plan is ever touched.
 */
export async function executePurgePlan(
  client: RegistryClient,
  plan: PurgePlan,
  options: PurgeExecutorOptions = {},
): Promise<PurgeReport> {
  if (!verifyPlanHash(plan)) throw new PurgeInputError('plan-hash-mismatch');
  if (normalizeEndpoint(plan.registry) !== normalizeEndpoint(client.endpoint)) {
    throw new PurgeInputError('plan-invalid', { detail: `made for ${plan.registry}, not ${client.endpoint}` });
  }
  const concurrency = validateConcurrency(options.concurrency);
  const retry: Required<PurgeRetryOptions> = {
    maxAttempts: options.retry?.maxAttempts ?? 8,
    baseDelayInMs: options.retry?.baseDelayInMs ?? 100,
    maxDelayInMs: options.retry?.maxDelayInMs ?? 10_000,
    maxRetryAfterInMs: options.retry?.maxRetryAfterInMs ?? 60_000,
  };
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;
  const abortSignal = options.abortSignal;
  const startedAt = new Date();
  const startedAtInMs = performance.now();

  const results = new Map<string, PurgeItemResult>();
  let resumed = 0;
  for (const previous of (await options.checkpoint?.load(plan.hash)) ?? []) {
    // A failed item is tried again; any other recorded outcome is final.
    if (previous.outcome !== 'failed') results.set(itemKey(previous.repository, previous.digest), previous);
  }
  const planned = new Set(plan.items.map((item) => itemKey(item.repository, item.digest)));
  for (const key of results.keys()) if (!planned.has(key)) results.delete(key);
  resumed = results.size;

  const progress: PurgeProgress = {
    total: plan.items.length,
    done: 0,
    deleted: 0,
    alreadyGone: 0,
    skipped: 0,
    failed: 0,
    concurrency,
  };
  const count = (result: PurgeItemResult) => {
    progress.done++;
    if (result.outcome === 'deleted') progress.deleted++;
    else if (result.outcome === 'already-gone') progress.alreadyGone++;
    else if (result.outcome === 'skipped') progress.skipped++;
    else progress.failed++;
  };
  for (const result of results.values()) count(result);

  const limiter = new AdaptiveConcurrency({ maxConcurrency: concurrency });
  let aborted = false;
  const strategy = options.recheck ?? 'auto';
  const useSnapshots =
    strategy === 'tag-snapshot' || (strategy === 'auto' && !client.canListUntagged && canSnapshotTags(client));
  if (useSnapshots && !canSnapshotTags(client))
    throw new PurgeInputError('plan-invalid', { detail: 'this registry client cannot list tag digests' });
  const snapshots = new Map<string, Promise<Map<string, string[]>>>();
  const plannedTags = new Map<string, Set<string>>();
  for (const item of plan.items) {
    const tags = plannedTags.get(item.repository) ?? new Set<string>();
    for (const tag of item.tags) tags.add(tag);
    plannedTags.set(item.repository, tags);
  }
  /**
   * Which tags now point at planned digests, for one repository. Only tags the plan does not delete
   * anyway need resolving: a planned tag that was moved elsewhere is not affected by our delete, and
   * every other tag pointed elsewhere at planning time, so only those can have been moved onto one
   * of our digests. Shared by all workers of one phase; every request is retried on its own.
   */
  const takeSnapshot = async (repository: string): Promise<Map<string, string[]>> => {
    const resolver = client as RegistryClient & TagResolver;
    const newCaller = () => new RetryingCaller(limiter, retry, random, sleep, abortSignal);
    const tags = await newCaller().call(async () => {
      const names: string[] = [];
      for await (const tag of resolver.listTags(repository, { abortSignal })) names.push(tag);
      return names;
    });
    const byDigest = new Map<string, string[]>();
    const resolveLimit = pLimit(concurrency);
    const planned = plannedTags.get(repository) ?? new Set<string>();
    await Promise.all(
      tags
        .filter((tag) => !planned.has(tag))
        .map((tag) =>
          resolveLimit(async () => {
            const digest = await newCaller().call(() => resolver.headManifest(repository, tag, { abortSignal }));
            if (!digest) return;
            const list = byDigest.get(digest);
            if (list) list.push(tag);
            else byDigest.set(digest, [tag]);
          }),
        ),
    );
    return byDigest;
  };
  const tagsByDigest = (repository: string, phase: number): Promise<Map<string, string[]>> => {
    const key = `${phase}\u0000${repository}`;
    let snapshot = snapshots.get(key);
    if (!snapshot) {
      snapshot = takeSnapshot(repository);
      snapshots.set(key, snapshot);
      snapshot.catch(() => snapshots.delete(key));
    }
    return snapshot;
  };
  const recheck = async (item: PurgePlanItem, caller: RetryingCaller): Promise<Recheck> => {
    if (!useSnapshots) {
      const current = await caller.call(() => client.getManifest(item.repository, item.digest, { abortSignal }));
      return current
        ? { exists: true, tags: current.tags, locked: isLocked(current) }
        : { exists: false, tags: [], locked: false };
    }
    const tags = (await tagsByDigest(item.repository, item.phase)).get(item.digest) ?? [];
    return { exists: true, tags, locked: false };
  };

  /** Registry work for one item: re-check and delete. Undefined when aborted (the item stays pending). */
  const runItem = async (item: PurgePlanItem): Promise<PurgeItemResult | undefined> => {
    const caller = new RetryingCaller(limiter, retry, random, sleep, abortSignal);
    try {
      return {
        repository: item.repository,
        digest: item.digest,
        ...(await deleteOne(client, item, plan, caller, recheck, abortSignal)),
        attempts: caller.attempts,
      };
    } catch (error) {
      if (error instanceof AbortedError) {
        aborted = true; // not recorded: the item stays pending and a resume re-checks it
        return undefined;
      }
      if (error instanceof FailedRequest && error.failure.statusCode === 404) {
        return { repository: item.repository, digest: item.digest, outcome: 'already-gone', attempts: caller.attempts };
      }
      const description =
        error instanceof FailedRequest
          ? `${error.failure.description} after ${error.tries} tries`
          : classifyFailure(error).description;
      return {
        repository: item.repository,
        digest: item.digest,
        outcome: 'failed',
        reason: description,
        attempts: caller.attempts,
      };
    }
  };

  const recordResult = async (result: PurgeItemResult): Promise<void> => {
    await options.checkpoint?.record(result);
    results.set(itemKey(result.repository, result.digest), result);
    count(result);
    progress.concurrency = limiter.limit;
    options.onProgress?.({ ...progress });
  };

  let recordFailure: { error: unknown } | undefined;
  const phases = [...new Set(plan.items.map((item) => item.phase))].sort((a, b) => a - b);
  for (const phase of phases) {
    const inFlight = new Set<Promise<void>>();
    const pending = plan.items.filter(
      (item) => item.phase === phase && !results.has(itemKey(item.repository, item.digest)),
    );
    // Repositories in the order execution reaches them (plan items are grouped by repository).
    const repositories = [...new Set(pending.map((item) => item.repository))];
    let currentRepository: string | undefined;
    for (const item of pending) {
      await limiter.acquire();
      if (abortSignal?.aborted || recordFailure) {
        limiter.release();
        aborted ||= Boolean(abortSignal?.aborted);
        break;
      }
      if (useSnapshots && item.repository !== currentRepository) {
        // Entering a repository: start the next one's snapshot now, so workers reaching it need
        // not wait for its tag list (it is still taken during this phase, just before its deletes).
        currentRepository = item.repository;
        const next = repositories[repositories.indexOf(item.repository) + 1];
        if (next) tagsByDigest(next, phase).catch(() => undefined); // a failure is retried on use
      }
      const task = (async () => {
        let result: PurgeItemResult | undefined;
        try {
          result = await runItem(item);
        } finally {
          // The slot bounds registry requests; recording the result needs none.
          limiter.release();
        }
        if (result) await recordResult(result);
      })()
        // A result that cannot be recorded (checkpoint storage down) stops the run: no new item starts,
        // the ones in flight finish, then the error is thrown. Caught here so it is never unhandled.
        .catch((error: unknown) => {
          recordFailure ??= { error };
        })
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
    }
    await Promise.all(inFlight);
    if (recordFailure) throw recordFailure.error;
    if (aborted) break;
  }

  const ordered = plan.items
    .map((item) => results.get(itemKey(item.repository, item.digest)))
    .filter((r): r is PurgeItemResult => r !== undefined);
  const sizeByKey = new Map(plan.items.map((item) => [itemKey(item.repository, item.digest), item.sizeInBytes ?? 0]));
  return {
    planHash: plan.hash,
    registry: plan.registry,
    startedAt: startedAt.toISOString(),
    durationInMs: Math.round(performance.now() - startedAtInMs),
    totals: {
      items: plan.items.length,
      deleted: progress.deleted,
      alreadyGone: progress.alreadyGone,
      skipped: progress.skipped,
      failed: progress.failed,
      resumed,
    },
    bytesFreedEstimate: ordered
      .filter((r) => r.outcome === 'deleted')
      .reduce((n, r) => n + (sizeByKey.get(itemKey(r.repository, r.digest)) ?? 0), 0),
    results: ordered,
    failures: ordered.filter((r) => r.outcome === 'failed'),
    aborted,
  };
}

interface Recheck {
  exists: boolean;
  tags: string[];
  locked: boolean;
}

/** Re-check, then delete. Returns the outcome; throws FailedRequest / AbortedError. */
async function deleteOne(
  client: RegistryClient,
  item: PurgePlanItem,
  plan: PurgePlan,
  caller: RetryingCaller,
  recheck: (item: PurgePlanItem, caller: RetryingCaller) => Promise<Recheck>,
  abortSignal: AbortSignal | undefined,
): Promise<Pick<PurgeItemResult, 'outcome' | 'reason'>> {
  const current = await recheck(item, caller);
  if (!current.exists) return { outcome: 'already-gone' };
  // Deleting removes every tag on the manifest: a tag added since planning must not go with it.
  const plannedTags = new Set(item.tags);
  const newTags = current.tags.filter((tag) => !plannedTags.has(tag));
  if (newTags.length > 0)
    return { outcome: 'skipped', reason: `changed: tagged ${newTags.slice(0, 5).join(', ')} since planning` };
  if (current.locked && !plan.params.includeLocked) return { outcome: 'skipped', reason: 'locked' };
  const outcome = await caller.call(() => client.deleteManifest(item.repository, item.digest, { abortSignal }));
  if (outcome === 'not-found') return { outcome: 'already-gone' };
  if (outcome === 'locked') return { outcome: 'skipped', reason: 'locked' };
  return { outcome: 'deleted' };
}
