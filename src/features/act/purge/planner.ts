import type { ManifestInfo, RegistryClient } from '../../../registry/types.js';
import type { RepositoryTagMatcher } from './filters.js';
import { validatePurgeParams } from './params.js';
import { computePlanHash } from './plan-hash.js';
import type { KeptReason, PlanReason, PurgeParams, PurgePlan, PurgePlanItem } from './types.js';

export interface PurgePlannerOptions {
  /** Planning clock; the age cut-off is computed once from it. */
  now?: () => Date;
  abortSignal?: AbortSignal;
}

interface Selected {
  reason: PlanReason;
  phase: number;
}

/** The planning state of one repository; only one repository is held in memory at a time. */
class RepositoryPlan {
  readonly listed = new Map<string, ManifestInfo>();
  readonly selected = new Map<string, Selected>();
  readonly kept: Partial<Record<KeptReason, number>> = {};
  /** Manifests fetched by digest because they were not listed (index children on OCI registries). */
  private readonly resolved = new Map<string, ManifestInfo | null>();

  constructor(
    readonly repository: string,
    private readonly client: RegistryClient,
    private readonly abortSignal: AbortSignal | undefined,
  ) {}

  countKept(reason: KeptReason): void {
    this.kept[reason] = (this.kept[reason] ?? 0) + 1;
  }

  unselect(digest: string, reason: KeptReason): void {
    if (this.selected.delete(digest)) this.countKept(reason);
  }

  isKept(digest: string): boolean {
    return this.listed.has(digest) && !this.selected.has(digest);
  }

  /** Listed or already fetched information, without a request. */
  known(digest: string): ManifestInfo | undefined {
    return this.listed.get(digest) ?? this.resolved.get(digest) ?? undefined;
  }

  async lookup(digest: string): Promise<ManifestInfo | null> {
    const listed = this.listed.get(digest);
    if (listed) return listed;
    if (!this.resolved.has(digest)) {
      this.resolved.set(
        digest,
        await this.client.getManifest(this.repository, digest, { abortSignal: this.abortSignal }),
      );
    }
    return this.resolved.get(digest) ?? null;
  }
}

function ageReference(info: ManifestInfo): Date | undefined {
  return info.lastUpdatedAt ?? info.createdAt;
}

function isLocked(info: ManifestInfo): boolean {
  return info.lock !== undefined && (!info.lock.deleteEnabled || !info.lock.writeEnabled);
}

/**
 * Builds a purge plan (the dry run). Pages through repositories and manifests via the port, applies
 * the filters, then the safety rules, and returns the exact list of manifests to delete as data.
 */
export async function createPurgePlan(
  client: RegistryClient,
  input: Partial<PurgeParams>,
  options: PurgePlannerOptions = {},
): Promise<PurgePlan> {
  const { params, ageInMs, filters, protection } = validatePurgeParams(input, client);
  const createdAt = (options.now ?? (() => new Date()))();
  const olderThan = new Date(createdAt.getTime() - ageInMs);
  const items: PurgePlanItem[] = [];
  const kept: Partial<Record<KeptReason, number>> = {};
  let repositoriesScanned = 0;
  let manifestsScanned = 0;
  let tagsScanned = 0;

  for await (const repository of client.listRepositories({ abortSignal: options.abortSignal })) {
    const tagMatcher = filters.forRepository(repository);
    if (!tagMatcher) continue;
    repositoriesScanned++;
    const repo = new RepositoryPlan(repository, client, options.abortSignal);
    for await (const info of client.listManifests(repository, { abortSignal: options.abortSignal })) {
      repo.listed.set(info.digest, info);
      manifestsScanned++;
      tagsScanned += info.tags.length;
    }
    if (protection.protectsWholeRepository(repository)) {
      kept.protected = (kept.protected ?? 0) + repo.listed.size;
      continue;
    }
    selectCandidates(repo, tagMatcher, protection.forRepository(repository), params, olderThan);
    await applySafetyRules(repo);
    await addDependents(repo, tagMatcher, protection.forRepository(repository), params);
    assignPhases(repo);
    for (const [reason, n] of Object.entries(repo.kept) as [KeptReason, number][])
      kept[reason] = (kept[reason] ?? 0) + n;
    for (const [digest, selected] of repo.selected) {
      const info = (await repo.lookup(digest))!;
      items.push({
        repository,
        digest,
        tags: [...info.tags].sort(),
        createdAt: info.createdAt?.toISOString() ?? null,
        sizeInBytes: info.sizeInBytes ?? null,
        reason: selected.reason,
        phase: selected.phase,
      });
    }
  }

  items.sort((a, b) => a.phase - b.phase || compare(a.repository, b.repository) || compare(a.digest, b.digest));
  const planParams = { ...params, olderThan: olderThan.toISOString() };
  const unhashed = { version: 1 as const, registry: client.endpoint, params: planParams, items };
  return {
    ...unhashed,
    createdAt: createdAt.toISOString(),
    counts: {
      repositoriesScanned,
      manifestsScanned,
      tagsScanned,
      items: items.length,
      tags: items.reduce((n, item) => n + item.tags.length, 0),
      kept,
    },
    bytesEstimate: items.reduce((n, item) => n + (item.sizeInBytes ?? 0), 0),
    hash: computePlanHash(unhashed),
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Filter, age, lock, protection and keep: which listed manifests the user's parameters select. */
function selectCandidates(
  repo: RepositoryPlan,
  tagMatcher: RepositoryTagMatcher,
  protectedTags: RepositoryTagMatcher | undefined,
  params: PurgeParams,
  olderThan: Date,
): void {
  const tagged: { digest: string; time: number }[] = [];
  for (const info of repo.listed.values()) {
    const untagged = info.tags.length === 0;
    if (untagged ? !(params.untagged || params.untaggedOnly) : params.untaggedOnly) continue;
    if (!untagged) {
      const matching = info.tags.filter((t) => tagMatcher.matches(t)).length;
      if (matching === 0) continue; // the filter does not look at this manifest at all
      // Deleting a manifest removes all its tags, so one tag outside the filter keeps it.
      if (matching < info.tags.length) {
        repo.countKept('tag-outside-filter');
        continue;
      }
      if (protectedTags && info.tags.some((t) => protectedTags.matches(t))) {
        repo.countKept('protected');
        continue;
      }
    }
    if (isLocked(info) && !params.includeLocked) {
      repo.countKept('locked');
      continue;
    }
    const time = ageReference(info);
    if (!time) {
      repo.countKept('unknown-age'); // never guess the age of something we would delete
      continue;
    }
    if (time.getTime() >= olderThan.getTime()) {
      repo.countKept('too-new');
      continue;
    }
    if (untagged) repo.selected.set(info.digest, { reason: 'untagged', phase: 0 });
    else tagged.push({ digest: info.digest, time: time.getTime() });
  }
  // --keep N: the newest N of the otherwise selected tagged manifests stay (acr purge semantics).
  tagged.sort((a, b) => b.time - a.time || compare(a.digest, b.digest));
  tagged.forEach(({ digest }, index) => {
    if (index < params.keep) repo.countKept('keep-newest');
    else repo.selected.set(digest, { reason: 'matched-filter', phase: 0 });
  });
}

/**
 * Until nothing changes: everything reachable from a kept index stays (multi-arch children, nested
 * indexes), and a referrer (signature, SBOM) whose subject stays, stays too.
 */
async function applySafetyRules(repo: RepositoryPlan): Promise<void> {
  for (let changed = true; changed && repo.selected.size > 0;) {
    changed = false;
    const reachable = await descendantsOfKept(repo);
    for (const digest of reachable) {
      if (repo.selected.has(digest)) {
        repo.unselect(digest, 'child-of-kept-index');
        changed = true;
      }
    }
    for (const digest of [...repo.selected.keys()]) {
      const subject = repo.listed.get(digest)?.subject;
      if (!subject || repo.selected.has(subject)) continue;
      // A subject that exists and is not being deleted is kept (listed or only fetchable by digest).
      if (repo.isKept(subject) || (await repo.lookup(subject)) !== null) {
        repo.unselect(digest, 'subject-kept');
        changed = true;
      }
    }
  }
}

async function descendantsOfKept(repo: RepositoryPlan): Promise<Set<string>> {
  const seen = new Set<string>();
  const queue: string[] = [];
  for (const info of repo.listed.values()) {
    if (!repo.selected.has(info.digest) && info.children?.length) queue.push(...info.children);
  }
  while (queue.length > 0) {
    const digest = queue.pop()!;
    if (seen.has(digest)) continue;
    seen.add(digest);
    const info = await repo.lookup(digest);
    if (info?.children?.length) queue.push(...info.children);
  }
  return seen;
}

/**
 * What goes with a deleted manifest: its untagged index children (unless a kept index also uses them)
 * and its referrers, unless a referrer carries a tag outside the filter, is protected or locked.
 * Without this, a deleted multi-arch image would leave dangling platform manifests and signatures.
 */
async function addDependents(
  repo: RepositoryPlan,
  tagMatcher: RepositoryTagMatcher,
  protectedTags: RepositoryTagMatcher | undefined,
  params: PurgeParams,
): Promise<void> {
  if (repo.selected.size === 0) return;
  const protectedByKept = await descendantsOfKept(repo);
  const referrersBySubject = new Map<string, string[]>();
  for (const info of repo.listed.values()) {
    if (!info.subject) continue;
    const referrers = referrersBySubject.get(info.subject);
    if (referrers) referrers.push(info.digest);
    else referrersBySubject.set(info.subject, [info.digest]);
  }
  const mayGo = (info: ManifestInfo): boolean =>
    !protectedByKept.has(info.digest) &&
    info.tags.every((t) => tagMatcher.matches(t)) &&
    !(protectedTags && info.tags.some((t) => protectedTags.matches(t))) &&
    (params.includeLocked || !isLocked(info));

  const queue = [...repo.selected.keys()];
  for (let next = 0; next < queue.length; next++) {
    const digest = queue[next];
    const info = await repo.lookup(digest);
    if (!info) continue;
    const dependents: [string, PlanReason][] = [
      ...(info.children ?? []).map((c): [string, PlanReason] => [c, 'child-of-deleted-index']),
      ...(referrersBySubject.get(digest) ?? []).map((r): [string, PlanReason] => [r, 'referrer-of-deleted-subject']),
    ];
    for (const [dependent, reason] of dependents) {
      if (repo.selected.has(dependent)) continue;
      const dependentInfo = await repo.lookup(dependent);
      if (!dependentInfo) continue;
      // Children must be untagged to go with their index: a tagged child is an image of its own.
      if (reason === 'child-of-deleted-index' && dependentInfo.tags.length > 0) continue;
      if (!mayGo(dependentInfo)) continue;
      repo.selected.set(dependent, { reason, phase: 0 });
      queue.push(dependent);
    }
  }
}

/** An index is deleted before its children and a subject before its referrers (a crash in between leaves no broken index). */
function assignPhases(repo: RepositoryPlan): void {
  const edges: [string, string][] = [];
  for (const digest of repo.selected.keys()) {
    const info = repo.known(digest);
    for (const child of info?.children ?? []) if (repo.selected.has(child)) edges.push([digest, child]);
    if (info?.subject && repo.selected.has(info.subject)) edges.push([info.subject, digest]);
  }
  for (let round = 0, changed = edges.length > 0; changed && round < 16; round++) {
    changed = false;
    for (const [parent, child] of edges) {
      const p = repo.selected.get(parent)!;
      const c = repo.selected.get(child)!;
      if (c.phase < p.phase + 1) {
        c.phase = p.phase + 1;
        changed = true;
      }
    }
  }
}
