/**
 * Dry runs for the approval actions: each builds the exact list of items the execution will act on,
 * as data. Purges use the purge planner (policy-protected repositories and tags go in as `protect`);
 * the other actions get a small plan of their exact items (runs, one manifest, the admin switch).
 */
import type { ApprovalAction } from './approvals/actions.js';
import type { Policy } from './approvals/policy.js';
import { globToRegExp } from '../../core/glob.js';
import { createPurgePlan } from './purge/planner.js';
import type { KeptReason, PurgePlan } from './purge/types.js';
import { REPOSITORY_NAME, type RequestParams } from './request-params.js';
import { ActError } from './errors.js';
import type { RegistryConnection, RegistryEntry } from './registries.js';

/** One item of a non-purge plan. `key` identifies it in checkpoints. */
export interface SimplePlanItem {
  key: string;
  /** Human-readable line for cards and reports. */
  label: string;
  repository?: string;
  digest?: string;
  tags?: string[];
  runId?: string;
}

export interface SimplePlan {
  version: 1;
  kind: Exclude<ApprovalAction, 'purge' | 'purge-untagged'>;
  registry: string;
  createdAt: string;
  items: SimplePlanItem[];
}

export type ActionPlan = PurgePlan | SimplePlan;

export function isPurgePlan(plan: ActionPlan): plan is PurgePlan {
  return !('kind' in plan);
}

export interface PlanContext {
  entry: RegistryEntry;
  connection: RegistryConnection;
  policy: Policy;
  now: () => Date;
  abortSignal?: AbortSignal;
}

/** Statuses of task runs that "cancel running runs" cancels. */
export const CANCELLABLE_RUN_STATUSES = ['Running', 'Queued', 'Started'];

export async function buildPlan(action: ApprovalAction, params: RequestParams, ctx: PlanContext): Promise<ActionPlan> {
  switch (action) {
    case 'purge':
    case 'purge-untagged':
      return createPurgePlan(ctx.connection.client, purgeInput(action, params, ctx.policy), {
        now: ctx.now,
        abortSignal: ctx.abortSignal,
      });
    case 'cancel-runs': {
      const management = needsManagement(action, ctx);
      const runs = await management.listTaskRuns({ statuses: CANCELLABLE_RUN_STATUSES, abortSignal: ctx.abortSignal });
      const items = runs
        .filter((run) => CANCELLABLE_RUN_STATUSES.includes(run.status))
        .map((run) => ({
          key: run.runId,
          runId: run.runId,
          label: `${run.runId} (${run.status}${run.task ? `, ${run.task}` : ''})`,
        }))
        .sort((a, b) => a.key.localeCompare(b.key));
      if (items.length === 0) throw new ActError('err.noRuns', { registry: ctx.entry.name });
      return simplePlan('cancel-runs', ctx, items);
    }
    case 'lock':
    case 'unlock': {
      const client = ctx.connection.client;
      const reference = `${params.repository}${params.tag?.startsWith('sha256:') ? '@' : ':'}${params.tag}`;
      if (!client.setManifestLock) throw new ActError('err.locksUnsupported', { registry: ctx.entry.name });
      if (action === 'unlock' && ctx.policy.isProtected(params.repository!, params.tag))
        throw new ActError('err.protected', { reference });
      const manifest = await client.getManifest(params.repository!, params.tag!, { abortSignal: ctx.abortSignal });
      if (!manifest) throw new ActError('err.imageNotFound', { reference, registry: ctx.entry.name });
      if (action === 'unlock' && manifest.tags.some((tag) => ctx.policy.isProtected(manifest.repository, tag)))
        throw new ActError('err.protected', { reference });
      const item = {
        key: `${manifest.repository}@${manifest.digest}`,
        repository: manifest.repository,
        digest: manifest.digest,
        tags: [...manifest.tags].sort(),
        label: `${reference} (${manifest.digest.slice(0, 19)})`,
      };
      return simplePlan(action, ctx, [item]);
    }
    case 'disable-admin-user': {
      const management = needsManagement(action, ctx);
      const registry = await management.getRegistry({ abortSignal: ctx.abortSignal });
      if (!registry.adminUserEnabled) throw new ActError('admin.alreadyDisabled', { registry: ctx.entry.name });
      return simplePlan(action, ctx, [
        { key: 'admin-user', label: `${registry.loginServer ?? registry.name}: adminUserEnabled true → false` },
      ]);
    }
  }
}

function simplePlan(kind: SimplePlan['kind'], ctx: PlanContext, items: SimplePlanItem[]): SimplePlan {
  return { version: 1, kind, registry: ctx.connection.client.endpoint, createdAt: ctx.now().toISOString(), items };
}

function needsManagement(action: ApprovalAction, ctx: PlanContext) {
  if (!ctx.connection.management) throw new ActError('err.needsAcr', { action, registry: ctx.entry.name });
  return ctx.connection.management;
}

/** Request fields → purge planner input; protected repositories and tags of the policy always go in. */
export function purgeInput(action: 'purge' | 'purge-untagged', params: RequestParams, policy: Policy) {
  const repository = params.repository ?? '.*';
  // A plain name is matched literally (dots in names are not wildcards); anything else is the user's regex.
  const repositoryRegex = REPOSITORY_NAME.test(repository) ? repository.replace(/[.]/g, '\\.') : repository;
  const untaggedOnly = action === 'purge-untagged' || params.untaggedOnly === true;
  return {
    filters: [`${repositoryRegex}:${params.tagRegex ?? '.*'}`],
    ago: params.olderThan ?? '0d',
    keep: params.keep ?? 0,
    untaggedOnly,
    protect: protectPatterns(policy),
  };
}

/** Policy globs → planner protection patterns (`repoRegex` or `.*:tagRegex`). */
export function protectPatterns(policy: Policy): string[] {
  const body = (glob: string) => globToRegExp(glob).source.replace(/^\^|\$$/g, '');
  return [
    ...policy.document.protected.repositories.map(body),
    ...policy.document.protected.tags.map((tag) => `.*:^${body(tag)}$`),
  ];
}

/** Where a request applies, as data: cards word it in the viewer's language. */
export interface PlanScope {
  repository?: string;
  tagRegex?: string;
  olderThan?: string;
  keep?: number;
  untagged?: boolean;
  /** Lock targets (`repo:tag`); task runs and the admin switch have no repository. */
  reference?: string;
  target?: 'task-runs' | 'registry';
}

/** What a card shows about a plan: counts, bytes and a sample of items. */
export interface PlanSummary {
  scope: PlanScope;
  items: number;
  tags?: number;
  bytes?: number;
  /** Why manifests stayed (purge planner reasons such as `too-new`, `protected`) → count. */
  kept: Partial<Record<KeptReason, number>>;
  sample: string[];
}

export const SAMPLE_SIZE = 10;

export function summarizePlan(action: ApprovalAction, params: RequestParams, plan: ActionPlan): PlanSummary {
  if (isPurgePlan(plan)) {
    const scope: PlanScope = { repository: params.repository ?? '.*' };
    if (params.tagRegex) scope.tagRegex = params.tagRegex;
    if (action === 'purge' && params.olderThan) scope.olderThan = params.olderThan;
    if (params.keep) scope.keep = params.keep;
    if (action === 'purge-untagged') scope.untagged = true;
    return {
      scope,
      items: plan.items.length,
      tags: plan.counts.tags,
      bytes: plan.bytesEstimate,
      kept: Object.fromEntries(Object.entries(plan.counts.kept).filter(([, n]) => (n ?? 0) > 0)),
      sample: plan.items
        .slice(0, SAMPLE_SIZE)
        .map(
          (item) =>
            `${item.repository}${item.tags.length ? `:${item.tags.join(',')}` : ''}  ${item.digest.slice(0, 19)}`,
        ),
    };
  }
  const scope: PlanScope =
    action === 'lock' || action === 'unlock'
      ? { reference: `${params.repository}:${params.tag}` }
      : { target: action === 'cancel-runs' ? 'task-runs' : 'registry' };
  return {
    scope,
    items: plan.items.length,
    kept: {},
    sample: plan.items.slice(0, SAMPLE_SIZE).map((item) => item.label),
  };
}
