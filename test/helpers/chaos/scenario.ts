/**
 * The parts of a chaos run that the test and the soak benchmark share: a registry with one repository
 * per purge request, three (or N) replicas on one database behind the round-robin proxy, purge requests
 * approved by racing clicks, and the checks that a plan ran exactly once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActBotClient, cardOf, daysAgo, writeTestPolicy, type User } from '../act-bot.js';
import { startFaultProxy, type FaultProxy } from '../fault-proxy.js';
import { LocalConnector, teamsMessage } from '../local-connector.js';
import { ImagePusher } from '../registry/image-pusher.js';
import { startLocalRegistry, type LocalRegistry } from '../registry/local-registry.js';
import { freePort } from '../registry/ports.js';
import { OciRegistryClient } from '../../../src/registry/oci/index.js';
import type { SqlDatabase } from '../../../src/storage/database.js';
import { Replica } from './replicas.js';
import { startRoundRobinProxy, type RoundRobinProxy } from './round-robin-proxy.js';
import { ChaosTraffic, WEBHOOK_SECRET } from './traffic.js';

export const ADA: User = { id: 'user-ada', name: 'Ada' };
export const BO: User = { id: 'user-bo', name: 'Bo' };
/** Tags every repository keeps (protected by policy, or too new). */
export const KEPT_TAGS = ['latest', 'release-1', 'new-0'];

export interface ChaosWorld {
  dir: string;
  registry: LocalRegistry;
  /** In front of the registry: makes DELETEs slow so an execution is caught mid-way. */
  slowRegistry: FaultProxy;
  connector: LocalConnector;
  replicas: Replica[];
  proxy: RoundRobinProxy;
  traffic: ChaosTraffic;
  stop(): Promise<void>;
}

export interface ChaosWorldOptions {
  replicas: number;
  /** Old dev tags per repository `chaos-<i>`. */
  repositories: number[];
  /** DATABASE_URL; unset = each replica on its own embedded database (only sensible with one replica). */
  databaseUrl?: string;
  env?: Record<string, string>;
}

export async function startChaosWorld(options: ChaosWorldOptions): Promise<ChaosWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'chatops-chaos-'));
  const registry = await startLocalRegistry();
  const pusher = new ImagePusher({ url: registry.url, concurrency: 8 });
  try {
    await pusher.pushMany(
      options.repositories.flatMap((dev, r) => [
        ...Array.from({ length: dev }, (_, i) => ({
          repository: `chaos-${r}`,
          tags: [`dev-${i}`],
          createdAt: daysAgo(40 + i),
          label: `${r}-dev-${i}`,
        })),
        { repository: `chaos-${r}`, tags: ['latest'], createdAt: daysAgo(90), label: `${r}-latest` },
        { repository: `chaos-${r}`, tags: ['release-1'], createdAt: daysAgo(90), label: `${r}-r1` },
        { repository: `chaos-${r}`, tags: ['new-0'], createdAt: daysAgo(1), label: `${r}-n0` },
      ]),
    );
  } finally {
    pusher.close();
  }
  const slowRegistry = await startFaultProxy({ target: registry.url, methods: ['DELETE'], delayInMs: 0 });
  const connector = await new LocalConnector().start();
  const policy = writeTestPolicy(dir);
  const replicas: Replica[] = [];
  for (let i = 0; i < options.replicas; i++) {
    replicas.push(
      new Replica({
        name: `replica-${i}`,
        port: await freePort(),
        logDir: dir,
        env: {
          CHATOPS_DATA_DIR: join(dir, `data-${i}`),
          CHATOPS_LOG_LEVEL: 'warn',
          CHATOPS_REGISTRIES: `local=${slowRegistry.url}`,
          CHATOPS_POLICY_FILE: policy,
          CHATOPS_EXECUTION_LEASE_MS: '1500',
          CHATOPS_EXPIRY_SWEEP_MS: '300',
          CHATOPS_ALERTS_ACR_SECRET: WEBHOOK_SECRET,
          ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
          ...options.env,
        },
      }),
    );
  }
  // The first replica applies the migrations; the others start together.
  await replicas[0].start();
  await Promise.all(replicas.slice(1).map((r) => r.start()));
  const proxy = await startRoundRobinProxy(replicas.map((r) => r.url));
  const traffic = new ChaosTraffic(connector);
  return {
    dir,
    registry,
    slowRegistry,
    connector,
    replicas,
    proxy,
    traffic,
    async stop() {
      await Promise.all(replicas.map((r) => r.kill('SIGTERM')));
      await proxy.stop();
      await connector.stop();
      await slowRegistry.stop();
      await registry.stop();
      // CHATOPS_CHAOS_KEEP=1 keeps the replicas' logs and data for a look after a failure.
      if (process.env.CHATOPS_CHAOS_KEEP === '1') process.stdout.write(`chaos: logs kept in ${dir}\n`);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface PurgeRequest {
  repository: string;
  requestId: string;
  planHash: string;
  messageId: string;
  client: ActBotClient;
}

/** Ada asks (through the proxy) to purge the repository's old tags; resolves with the posted request card. */
export async function requestPurge(world: ChaosWorld, repository: string): Promise<PurgeRequest> {
  const conversationId = `chaos-act-${repository}`;
  const client = new ActBotClient(world.proxy.url, world.connector, conversationId);
  const posted = await world.traffic.postActivity(
    world.proxy.url,
    teamsMessage(world.connector.url, conversationId, `purge ${repository} --ago 30d`, { from: ADA }),
  );
  if (!posted.accepted) throw new Error(`purge request refused: ${posted.statuses.join(',')}`);
  const { card, messageId } = await client.nextPostedCard(0);
  const { requestId, planHash } = card.refresh!.action.data;
  return { repository, requestId, planHash, messageId, client };
}

/**
 * Bo clicks Approve on every live replica at the same moment. Resolves with how many clicks were answered
 * with a card and how many approvals the audit log recorded (the one that won the race).
 */
export async function approveRacing(
  world: ChaosWorld,
  db: SqlDatabase,
  request: PurgeRequest,
): Promise<{ clicks: number; answered: number; recorded: number }> {
  const live = world.replicas.filter((r) => r.pid !== undefined);
  const answers = await Promise.all(
    live.map(async (replica) => {
      const client = new ActBotClient(replica.url, world.connector, request.client.conversationId);
      const answer = await client
        .execute(
          BO,
          'act.approve',
          { requestId: request.requestId, planHash: request.planHash },
          { replyToId: request.messageId },
        )
        .catch(() => undefined);
      return answer?.statusCode === 200 && typeof answer.value === 'object';
    }),
  );
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_log WHERE target = $1 AND action = 'approval.approve'`,
    [`request:${request.requestId}`],
  );
  return { clicks: live.length, answered: answers.filter(Boolean).length, recorded: rows[0].n };
}

/** Tags left in a repository of the (real) registry. */
export async function tagsOf(world: ChaosWorld, repository: string): Promise<string[]> {
  const oci = new OciRegistryClient({ endpoint: world.registry.url });
  const tags: string[] = [];
  for await (const tag of oci.listTags(repository)) tags.push(tag);
  return tags.sort();
}

export interface ExecutionFacts {
  state: string;
  attempts: number;
  auditActions: string[];
  totals?: { items: number; done: number; alreadyGone: number; failed: number };
}

export async function executionFacts(db: SqlDatabase, requestId: string): Promise<ExecutionFacts> {
  const request = (
    await db.query<{ state: string; attempts: number }>('SELECT state, attempts FROM approval_requests WHERE id = $1', [
      requestId,
    ])
  ).rows[0];
  const audit = await db.query<{ action: string }>('SELECT action FROM audit_log WHERE target = $1 ORDER BY seq', [
    `request:${requestId}`,
  ]);
  const report = (
    await db.query<{ report: { totals: ExecutionFacts['totals'] } }>(
      'SELECT report FROM action_reports WHERE request_id = $1',
      [requestId],
    )
  ).rows[0];
  return {
    state: request?.state ?? 'missing',
    attempts: request?.attempts ?? 0,
    auditActions: audit.rows.map((r) => r.action),
    totals: report?.report.totals,
  };
}

/** Polls until `check` returns a value (not undefined) or the time is up. */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutInMs = 30_000,
  everyInMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutInMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyInMs));
  }
}

/** Which replica holds a request's execution claim (lease_owner is host/pid/uuid). */
export async function executingReplica(
  world: ChaosWorld,
  db: SqlDatabase,
  requestId: string,
): Promise<Replica | undefined> {
  const owner = (
    await db.query<{ lease_owner: string | null }>(
      `SELECT lease_owner FROM approval_requests WHERE id = $1 AND state = 'running'`,
      [requestId],
    )
  ).rows[0]?.lease_owner;
  const pid = owner ? Number(owner.split('/')[1]) : NaN;
  return world.replicas.find((r) => r.pid === pid);
}

export { cardOf };
