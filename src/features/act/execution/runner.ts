/**
 * Runs approved requests exactly once. A request is claimed (conditional write + lease) before anything
 * happens; the holder renews the lease while it works and records every item outcome in the database
 * before the next, so after a crash the lease runs out, `recover()` (at start and on the sweep timer)
 * claims the request again and the executor skips what is recorded: exactly the planned items are acted
 * on, each once. Progress goes to the request's card at most once per interval; the end is a report card
 * with a download link and the JSON report in the database.
 */
import type { ApprovalRequest, ApprovalStore, ExecutionClaim } from '../approvals/approval-store.js';
import type { AuditLog } from '../../../storage/audit-log.js';
import type { Policy } from '../approvals/policy.js';
import { contentHash } from '../../../core/canonical-json.js';
import type { NeutralReply } from '../../../core/model.js';
import type { ConversationMessenger, Logger } from '../../../core/ports.js';
import { isLang, type Lang } from '../../../core/lang.js';
import type { Database } from '../../../storage/types.js';
import { executePurgePlan } from '../purge/executor.js';
import { CheckpointStorageError, SqlCheckpointStore } from '../purge/sql-checkpoint-store.js';
import type { PurgePlan } from '../purge/types.js';
import type { RequestParams } from '../request-params.js';
import { requestReply } from '../cards.js';
import { CANCELLABLE_RUN_STATUSES, isPurgePlan, summarizePlan, type ActionPlan, type SimplePlan } from '../plans.js';
import type { RegistryConnection, RegistryDirectory } from '../registries.js';
import type { ReportStore } from './report-store.js';
import { ThrottledUpdater } from './throttled-updater.js';
import type { ExecutionItemResult, ExecutionOutcome, ExecutionProgress, ExecutionReport } from '../types.js';

export interface ExecutionRunnerOptions {
  store: ApprovalStore;
  audit: AuditLog;
  db: Database;
  reports: ReportStore;
  directory: RegistryDirectory;
  messenger: ConversationMessenger;
  policy: Policy;
  logger: Logger;
  /** host/pid, for people reading lease owners. */
  workerId: string;
  leaseInMs: number;
  /** Minimum time between two card updates of one request. Default 2000. */
  progressIntervalInMs?: number;
  purgeConcurrency?: number;
  /** Download link of a report, or undefined when the bot has no reachable URL. */
  reportUrl: (requestId: string, token: string) => string | undefined;
  now?: () => Date;
}

export class ExecutionRunner {
  private readonly running = new Map<string, Promise<void>>();
  private readonly progress = new Map<string, ExecutionProgress>();
  private readonly stopping = new AbortController();

  constructor(private readonly options: ExecutionRunnerOptions) {}

  /** Claims an approved request and runs it in the background; false when someone else has it. */
  async start(requestId: string): Promise<boolean> {
    if (this.stopping.signal.aborted) return false;
    const claim = await this.options.store.claim(requestId, {
      workerId: this.options.workerId,
      leaseInMs: this.options.leaseInMs,
    });
    if (!claim) return false;
    this.launch(claim);
    return true;
  }

  /** Approved requests nobody started and running ones whose worker died (lease ran out). */
  async recover(): Promise<string[]> {
    if (this.stopping.signal.aborted) return [];
    const claims = await this.options.store.claimRecoverable({
      workerId: this.options.workerId,
      leaseInMs: this.options.leaseInMs,
    });
    for (const claim of claims) this.launch(claim);
    return claims.map((c) => c.request.id);
  }

  /** Latest progress of a request running in this process. */
  progressOf(requestId: string): ExecutionProgress | undefined {
    return this.progress.get(requestId);
  }

  /** Resolves when every execution started by this process has ended. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  /** Shutdown: stop at the next item; unfinished requests resume after their lease runs out. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.idle();
  }

  private launch(claim: ExecutionClaim): void {
    const id = claim.request.id;
    const run = this.run(claim)
      .catch((err) => this.options.logger.error({ err, requestId: id }, 'execution failed'))
      .finally(() => {
        this.running.delete(id);
        this.progress.delete(id);
      });
    this.running.set(id, run);
  }

  private async run(claim: ExecutionClaim): Promise<void> {
    const { store, audit, logger } = this.options;
    const request = claim.request;
    const params = request.params as RequestParams & { lang?: string; registryName?: string };
    const lang: Lang = isLang(params.lang) ? params.lang : 'en';
    const plan = request.plan as ActionPlan;
    const summary = summarizePlan(request.action, params, plan);
    const conversation = { platform: request.platform, conversationId: request.conversationId };
    const approvers = this.options.policy.document.actions[request.action]?.approvers ?? [];
    /** The execution's audit records: the system acting on the approved request. */
    const auditExecution = (action: string, result: string, details: Record<string, unknown>) =>
      audit.append({ actor: 'system', action, target: `request:${request.id}`, origin: 'automation', result, details });
    const card = (overrides: Partial<Parameters<typeof requestReply>[0]>): NeutralReply =>
      requestReply({ request: claim.request, summary, lang, approvers, viewer: 'everyone', ...overrides });
    const updater = new ThrottledUpdater<NeutralReply>({
      intervalInMs: this.options.progressIntervalInMs ?? 2000,
      send: async (reply) => {
        if (request.cardMessageId) await this.options.messenger.update(conversation, request.cardMessageId, reply);
      },
      onError: (err) => logger.warn({ err, requestId: request.id }, 'progress card update failed'),
    });

    // Recorded before the lease is renewed: if the database is down here, the claim simply runs out and
    // the request is picked up again by recover().
    const startedAt = new Date();
    await auditExecution('act.execute.start', 'started', {
      action: request.action,
      registry: request.registry,
      planHash: request.planHash,
      items: summary.items,
      attempt: request.attempts,
    });
    const abort = new AbortController();
    const onStop = () => abort.abort();
    this.stopping.signal.addEventListener('abort', onStop, { once: true });
    let leaseLost = false;
    const renew = setInterval(
      () => {
        store.renewLease(claim, this.options.leaseInMs).then(
          (held) => {
            if (!held) {
              leaseLost = true;
              abort.abort();
            }
          },
          (err) => logger.warn({ err, requestId: request.id }, 'lease renewal failed'),
        );
      },
      Math.max(100, Math.floor(this.options.leaseInMs / 3)),
    );

    try {
      // The stored plan must still be the one the approvers saw.
      if (contentHash(request.plan) !== request.planHash) throw new Error('stored plan does not match its hash');
      const entry = this.options.directory.find(params.registryName) ?? this.options.directory.find(request.registry);
      if (!entry) throw new Error(`registry ${params.registryName ?? request.registry} is no longer configured`);
      const connection = this.options.directory.connection(entry);
      const initial: ExecutionProgress = { total: summary.items, done: 0, alreadyGone: 0, skipped: 0, failed: 0 };
      this.progress.set(request.id, initial);
      updater.push(card({ progress: initial }));
      const onProgress = (p: ExecutionProgress) => {
        this.progress.set(request.id, p);
        updater.push(card({ progress: p }));
      };
      const checkpoint = new SqlCheckpointStore(this.options.db, request.id, { now: this.options.now });
      const outcome = isPurgePlan(plan)
        ? await this.runPurge(plan, connection, checkpoint, onProgress, abort.signal)
        : await runSimple(plan, connection, checkpoint, request.planHash, onProgress, abort.signal);

      if (outcome.aborted) {
        // Shut down or lost the lease: leave the request running; whoever claims it next resumes.
        logger.warn({ requestId: request.id, leaseLost }, 'execution stopped before the end');
        await updater.final(card({ progress: this.progress.get(request.id) }));
        return;
      }
      const finishedAt = new Date();
      // A resumed execution started with its first attempt (audited as act.execute.start).
      const firstStart =
        (await audit.forTarget(`request:${request.id}`)).find((r) => r.action === 'act.execute.start')?.at ?? startedAt;
      const report: ExecutionReport = {
        requestId: request.id,
        action: request.action,
        registry: request.registry,
        planHash: request.planHash,
        requester: request.requester,
        approvers: request.approvals,
        startedAt: firstStart.toISOString(),
        finishedAt: finishedAt.toISOString(),
        durationInMs: finishedAt.getTime() - firstStart.getTime(),
        lastAttemptDurationInMs: finishedAt.getTime() - startedAt.getTime(),
        attempt: request.attempts,
        totals: outcome.totals,
        ...(outcome.bytesFreedEstimate !== undefined ? { bytesFreedEstimate: outcome.bytesFreedEstimate } : {}),
        results: outcome.results,
        aborted: false,
      };
      const token = await this.options.reports.save(report);
      const state = report.totals.failed > 0 ? 'failed' : 'done';
      const finished = await store.finish(claim, state, {
        totals: report.totals,
        bytesFreedEstimate: report.bytesFreedEstimate,
      });
      if (!finished) {
        logger.warn({ requestId: request.id }, 'execution finished but the claim was lost; the new holder reports');
        return;
      }
      await auditExecution('act.execute.finish', state, {
        action: request.action,
        registry: request.registry,
        totals: report.totals,
        bytesFreedEstimate: report.bytesFreedEstimate,
        durationInMs: report.durationInMs,
      });
      await updater.final(
        requestReply({
          request: finished,
          summary,
          lang,
          approvers,
          viewer: 'everyone',
          report,
          reportUrl: this.options.reportUrl(request.id, token),
        }),
      );
    } catch (err) {
      if (leaseLost) return;
      if (err instanceof CheckpointStorageError) {
        // Nothing failed but the database: leave the request running; its lease runs out and recover() resumes it.
        logger.warn(
          { err, requestId: request.id },
          'execution paused: progress could not be recorded; it resumes when its lease runs out',
        );
        return;
      }
      const ref = request.id.slice(0, 8);
      logger.error({ err, requestId: request.id }, 'execution error');
      const failed = await store.finish(claim, 'failed', { error: err instanceof Error ? err.message : String(err) });
      await auditExecution('act.execute.finish', 'failed', {
        error: err instanceof Error ? err.message : String(err),
        ref,
      });
      if (failed) await updater.final(requestReply({ request: failed, summary, lang, approvers, viewer: 'everyone' }));
    } finally {
      clearInterval(renew);
      this.stopping.signal.removeEventListener('abort', onStop);
    }
  }

  private async runPurge(
    plan: PurgePlan,
    connection: RegistryConnection,
    checkpoint: SqlCheckpointStore,
    onProgress: (p: ExecutionProgress) => void,
    abortSignal: AbortSignal,
  ): Promise<RunOutcome> {
    const report = await executePurgePlan(connection.client, plan, {
      checkpoint,
      abortSignal,
      concurrency: this.options.purgeConcurrency,
      onProgress: (p) =>
        onProgress({
          total: p.total,
          done: p.deleted,
          alreadyGone: p.alreadyGone,
          skipped: p.skipped,
          failed: p.failed,
        }),
    });
    return {
      aborted: report.aborted,
      totals: {
        items: report.totals.items,
        done: report.totals.deleted,
        alreadyGone: report.totals.alreadyGone,
        skipped: report.totals.skipped,
        failed: report.totals.failed,
        resumed: report.totals.resumed,
      },
      bytesFreedEstimate: report.bytesFreedEstimate,
      results: report.results.map((r) => ({
        item: `${r.repository}@${r.digest}`,
        outcome: r.outcome === 'deleted' ? 'done' : r.outcome,
        ...(r.reason ? { reason: r.reason } : {}),
        attempts: r.attempts,
      })),
    };
  }
}

interface RunOutcome {
  aborted: boolean;
  totals: ExecutionReport['totals'];
  bytesFreedEstimate?: number;
  results: ExecutionItemResult[];
}

/** Runs, locks and the admin switch: one item at a time, each outcome recorded before the next. */
async function runSimple(
  plan: SimplePlan,
  connection: RegistryConnection,
  checkpoint: SqlCheckpointStore,
  planHash: string,
  onProgress: (p: ExecutionProgress) => void,
  abortSignal: AbortSignal,
): Promise<RunOutcome> {
  const previous = new Map(
    (await checkpoint.loadRows(planHash)).filter((r) => r.outcome !== 'failed').map((r) => [r.itemKey, r]),
  );
  const results = new Map<string, ExecutionItemResult>();
  for (const [key, row] of previous)
    results.set(key, {
      item: key,
      outcome: row.outcome === 'deleted' ? 'done' : (row.outcome as ExecutionOutcome),
      ...(row.reason ? { reason: row.reason } : {}),
      attempts: row.attempts,
    });
  const resumed = results.size;
  const progress = (): ExecutionProgress => {
    const all = [...results.values()];
    const count = (o: ExecutionOutcome) => all.filter((r) => r.outcome === o).length;
    return {
      total: plan.items.length,
      done: count('done'),
      alreadyGone: count('already-gone'),
      skipped: count('skipped'),
      failed: count('failed'),
    };
  };
  // Re-validate against the registry: a run that finished since planning is not cancelled again.
  const stillRunning =
    plan.kind === 'cancel-runs'
      ? new Set(
          (await connection.management!.listTaskRuns({ statuses: CANCELLABLE_RUN_STATUSES, abortSignal }))
            .filter((r) => CANCELLABLE_RUN_STATUSES.includes(r.status))
            .map((r) => r.runId),
        )
      : undefined;
  let aborted = false;
  for (const item of plan.items) {
    if (results.has(item.key)) continue;
    if (abortSignal.aborted) {
      aborted = true;
      break;
    }
    let result: ExecutionItemResult;
    try {
      result = {
        item: item.key,
        ...(await actOn(plan.kind, item, connection, stillRunning, abortSignal)),
        attempts: 1,
      };
    } catch (error) {
      result = {
        item: item.key,
        outcome: 'failed',
        reason: error instanceof Error ? error.message.slice(0, 300) : 'failed',
        attempts: 1,
      };
    }
    await checkpoint.recordRow({
      itemKey: item.key,
      outcome: result.outcome === 'done' ? 'done' : result.outcome,
      reason: result.reason,
      attempts: 1,
    });
    results.set(item.key, result);
    onProgress(progress());
  }
  const p = progress();
  return {
    aborted,
    totals: {
      items: plan.items.length,
      done: p.done,
      alreadyGone: p.alreadyGone,
      skipped: p.skipped,
      failed: p.failed,
      resumed,
    },
    results: plan.items.map((item) => results.get(item.key)).filter((r): r is ExecutionItemResult => r !== undefined),
  };
}

async function actOn(
  kind: SimplePlan['kind'],
  item: SimplePlan['items'][number],
  connection: RegistryConnection,
  stillRunning: Set<string> | undefined,
  abortSignal: AbortSignal,
): Promise<{ outcome: ExecutionOutcome; reason?: string }> {
  switch (kind) {
    case 'cancel-runs':
      if (!stillRunning?.has(item.runId!)) return { outcome: 'already-gone', reason: 'no longer running' };
      await connection.management!.cancelTaskRun(item.runId!, { abortSignal });
      return { outcome: 'done' };
    case 'lock':
    case 'unlock': {
      const enabled = kind === 'unlock';
      const lock = await connection.client.setManifestLock!(
        item.repository!,
        item.digest!,
        { deleteEnabled: enabled, writeEnabled: enabled },
        { abortSignal },
      );
      return lock ? { outcome: 'done' } : { outcome: 'already-gone', reason: 'manifest not found' };
    }
    case 'disable-admin-user':
      await connection.management!.disableAdminUser({ abortSignal });
      return { outcome: 'done' };
  }
}

export type { ApprovalRequest };
