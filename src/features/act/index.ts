/**
 * Builds the Act feature from config: policy, registries, approval store, audit log, runner, reports; as main.ts
 * composes it: chat (requests, approvals), HTTP (report downloads), retention, start (resume executions a crashed
 * instance left behind, then sweep expiries on a timer) and stop (finish in-flight work).
 */
import { hostname } from 'node:os';
import { APPROVAL_ACTIONS } from './approvals/actions.js';
import { ApprovalStore } from './approvals/approval-store.js';
import { AuditLog } from '../../storage/audit-log.js';
import { loadPolicy, type Policy } from './approvals/policy.js';
import { ApprovalClickHandler } from './approvals/verify-click.js';
import type { Feature, HttpMount, RetentionTask } from '../../core/feature.js';
import type { ConversationMessenger, Logger } from '../../core/ports.js';
import { createRegistryClient, parseRegistryReference } from '../../registry/factory.js';
import type { Database } from '../../storage/types.js';
import { ActFeature, type FaqAnswer } from './feature.js';
import { RegistryDirectory, type RegistryConnector } from './registries.js';
import { ReportStore } from './execution/report-store.js';
import { reportRouter } from './execution/report-route.js';
import { executionRecordsRetention, finishedRequestsRetention } from './retention.js';
import { ExecutionRunner } from './execution/runner.js';

export { ActFeature } from './feature.js';
export { ExecutionRunner } from './execution/runner.js';
export { ReportStore } from './execution/report-store.js';
export { RegistryDirectory, type RegistryConnector } from './registries.js';

export interface CreateActOptions {
  db: Database;
  logger: Logger;
  messenger: ConversationMessenger;
  registries: readonly { name: string; reference: string }[];
  policyFile?: string;
  leaseInMs: number;
  /** Base URL for report links, known once the server listens. */
  publicUrl: () => string | undefined;
  /** Builds registry clients (tests: TLS options, fakes of Azure-only endpoints). */
  connector?: RegistryConnector;
  progressIntervalInMs?: number;
  /** Ask's answer for requests that cannot run here (no registry configured). */
  answerFaq?: FaqAnswer;
  /** How often expired requests and orphaned executions are swept (default 60 s). */
  sweepIntervalInMs?: number;
  /** How long stop() waits for in-flight executions (default 10 s). */
  stopTimeoutInMs?: number;
}

export interface Act extends Feature {
  readonly name: 'act';
  /** Stops the sweeper and waits (bounded) for in-flight executions. */
  stop(): Promise<void>;
  feature: ActFeature;
  runner: ExecutionRunner;
  reports: ReportStore;
  policy: Policy;
  store: ApprovalStore;
  audit: AuditLog;
  directory: RegistryDirectory;
}

export class ActConfigError extends Error {
  override name = 'ActConfigError';
}

export async function createAct(options: CreateActOptions): Promise<Act> {
  const policy = await loadPolicy(options.policyFile);
  const directory = RegistryDirectory.fromReferences(
    options.registries.map((r) => ({ name: r.name, reference: parseRegistryReference(r.reference) })),
    options.connector ?? ((reference) => createRegistryClient(reference)),
  );
  const refused = directory.notAllowed((host) => allowedByAnyAction(policy, host));
  if (refused.length > 0) {
    throw new ActConfigError(
      `CHATOPS_REGISTRIES: ${refused.map((e) => `${e.name} (${e.host})`).join(', ')} not allowed by the approval policy's registries`,
    );
  }
  const { feature, runner, reports, store, audit } = assembleAct({
    db: options.db,
    policy,
    directory,
    messenger: options.messenger,
    logger: options.logger,
    workerId: `${hostname()}/${process.pid}`,
    leaseInMs: options.leaseInMs,
    progressIntervalInMs: options.progressIntervalInMs,
    reportUrl: (requestId, token) => {
      const base = options.publicUrl();
      return base ? `${base}/api/reports/${encodeURIComponent(requestId)}?token=${token}` : undefined;
    },
    answerFaq: options.answerFaq,
  });
  const http: HttpMount[] = [{ path: '/api/reports', handler: reportRouter(reports) }];
  const retentionTasks: RetentionTask[] = [
    finishedRequestsRetention(options.db),
    ...executionRecordsRetention(options.db),
  ];
  let sweeper: NodeJS.Timeout | undefined;
  return {
    name: 'act',
    chat: [feature],
    http,
    retentionTasks,
    async start() {
      await runner.recover();
      sweeper ??= setInterval(
        () => feature.sweep().catch((err) => options.logger.warn({ err }, 'act sweep failed')),
        options.sweepIntervalInMs ?? 60_000,
      );
      sweeper.unref();
    },
    async stop() {
      clearInterval(sweeper);
      sweeper = undefined;
      await withTimeout(runner.stop(), options.stopTimeoutInMs ?? 10_000);
    },
    feature,
    runner,
    reports,
    policy,
    store,
    audit,
    directory,
  };
}

export interface ActParts {
  db: Database;
  policy: Policy;
  directory: RegistryDirectory;
  messenger: ConversationMessenger;
  logger: Logger;
  /** Names this instance on the executions it claims. */
  workerId: string;
  leaseInMs: number;
  progressIntervalInMs?: number;
  /** The download link of a request's report, once the server's public URL is known. */
  reportUrl: (requestId: string, token: string) => string | undefined;
  answerFaq?: FaqAnswer;
}

/** Act's pieces over one database, wired to each other: what createAct builds once policy and registries are read. */
export function assembleAct(parts: ActParts) {
  const { db, policy, directory, messenger, logger, reportUrl } = parts;
  const store = new ApprovalStore(db);
  const audit = new AuditLog(db);
  const reports = new ReportStore(db);
  const runner = new ExecutionRunner({
    store,
    audit,
    db,
    reports,
    directory,
    messenger,
    policy,
    logger,
    workerId: parts.workerId,
    leaseInMs: parts.leaseInMs,
    progressIntervalInMs: parts.progressIntervalInMs,
    reportUrl,
  });
  const clicks = new ApprovalClickHandler({ store, policy, audit });
  const feature = new ActFeature({
    policy,
    store,
    audit,
    clicks,
    runner,
    directory,
    messenger,
    reports,
    logger,
    reportUrl,
    answerFaq: parts.answerFaq,
  });
  return { feature, runner, reports, store, audit };
}

async function withTimeout(promise: Promise<void>, timeoutInMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise<void>((done) => (timer = setTimeout(done, timeoutInMs)))]);
  clearTimeout(timer);
}

/** A registry is usable when at least one action allows it. */
function allowedByAnyAction(policy: Policy, host: string): boolean {
  return APPROVAL_ACTIONS.some((action) => policy.isRegistryAllowed(action, host));
}
