/**
 * Crash during an approved purge: the bot runs as a child process (`src/main.ts`, real PostgreSQL) in
 * front of a REAL docker-registry that a proxy makes slow (every DELETE waits). After the approval the
 * child is killed with SIGKILL part-way; a restarted bot claims the orphaned execution once its lease
 * runs out, resumes from the checkpoints in the database and finishes. Afterwards exactly the planned
 * tags are gone, the report card replaced the request card and the audit log shows two starts, one finish.
 */
import { jest } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../src/storage/database.js';
import { startTestPostgres, type TestPostgres } from '../../helpers/postgres.js';
import { OciRegistryClient } from '../../../src/registry/oci/index.js';
import { ActBotClient, cardOf, cardText, pushActImages, writeTestPolicy, type User } from '../../helpers/act-bot.js';
import { startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy.js';
import { LocalConnector } from '../../helpers/local-connector.js';
import type { PushedManifest } from '../../helpers/registry/image-pusher.js';
import { startLocalRegistry, type LocalRegistry } from '../../helpers/registry/local-registry.js';
import { freePort } from '../../helpers/registry/ports.js';

jest.setTimeout(110_000);

const ADA: User = { id: 'user-ada', name: 'Ada' };
const BO: User = { id: 'user-bo', name: 'Bo' };
const DEV_COUNT = 80;

let dir: string;
let registry: LocalRegistry;
let proxy: FaultProxy;
let images: { dev: PushedManifest[]; kept: PushedManifest[] };
let connector: LocalConnector;
let child: ChildProcess | undefined;
let env: NodeJS.ProcessEnv;
let botUrl: string;
let postgres: TestPostgres;
let databaseUrl: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'act-crash-'));
  registry = await startLocalRegistry();
  images = await pushActImages(registry.url, DEV_COUNT);
  proxy = await startFaultProxy({ target: registry.url, methods: ['DELETE'], delayInMs: 0 });
  connector = await new LocalConnector().start();
  postgres = await startTestPostgres();
  databaseUrl = await postgres.createDatabase();
  const port = await freePort();
  botUrl = `http://127.0.0.1:${port}`;
  env = {
    ...process.env,
    CHATOPS_PORT: String(port),
    CHATOPS_HOST: '127.0.0.1',
    CHATOPS_DATA_DIR: join(dir, 'data'),
    DATABASE_URL: databaseUrl,
    CHATOPS_LOG_LEVEL: 'warn',
    CHATOPS_REGISTRIES: `slow=${proxy.url}`,
    CHATOPS_POLICY_FILE: writeTestPolicy(dir),
    CHATOPS_EXECUTION_LEASE_MS: '1500',
    CHATOPS_EXPIRY_SWEEP_MS: '300',
  };
});

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await connector?.stop();
  await postgres?.stop();
  await proxy?.stop();
  await registry?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function startChild(): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: process.cwd(),
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`bot exited with ${proc.exitCode}: ${stderr}`);
    try {
      if ((await fetch(`${botUrl}/healthz`, { signal: AbortSignal.timeout(1000) })).ok) return proc;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`bot did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function remainingDevTags(): Promise<number> {
  const oci = new OciRegistryClient({ endpoint: registry.url });
  let n = 0;
  for await (const tag of oci.listTags('app')) if (tag.startsWith('dev-')) n++;
  return n;
}

test('SIGKILL during execution, restart: the run resumes and exactly the planned tags are deleted', async () => {
  child = await startChild();
  const client = new ActBotClient(botUrl, connector, 'conv-crash');
  await client.say(ADA, 'purge app --ago 30d');
  const { card, messageId } = await client.nextPostedCard(0);
  expect(cardText(card)).toMatch(new RegExp(`Items\\n${DEV_COUNT}`));
  const { requestId, planHash } = card.refresh!.action.data;

  proxy.delayInMs = 250; // the registry becomes slow: every delete takes a quarter of a second
  const approved = await client.execute(BO, 'act.approve', { requestId, planHash }, { replyToId: messageId });
  expect(cardText(approved.value)).toContain('Approved');
  for (const deadline = Date.now() + 30_000; ;) {
    const left = await remainingDevTags();
    if (left <= DEV_COUNT - 10) break;
    if (Date.now() > deadline) throw new Error('execution did not start deleting');
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  await new Promise((r) => child!.once('exit', r));
  const leftAtCrash = await remainingDevTags();
  expect(leftAtCrash).toBeGreaterThan(0);
  expect(leftAtCrash).toBeLessThan(DEV_COUNT);

  proxy.delayInMs = 0;
  child = await startChild();
  const reportUpdate = await client.waitFor(
    () =>
      client
        .activities()
        .find(
          (a) =>
            a.method === 'PUT' && a.replyToId === messageId && cardText(a.activity).includes('Delete old tags: report'),
        ),
    'the report card after the restart',
    40_000,
  );
  const reportCard = cardOf(reportUpdate.activity)!;
  const link = reportCard.actions!.find((a) => a.type === 'Action.OpenUrl')!.url as string;
  const report = (await (await fetch(link)).json()) as {
    totals: { items: number; done: number; alreadyGone: number; failed: number; resumed: number };
    attempt: number;
    startedAt: string;
    finishedAt: string;
    durationInMs: number;
    lastAttemptDurationInMs: number;
  };
  expect(report.attempt).toBe(2);
  // The duration covers both attempts (the first ran until the kill, then the lease had to run out).
  expect(report.durationInMs).toBe(Date.parse(report.finishedAt) - Date.parse(report.startedAt));
  expect(report.durationInMs).toBeGreaterThan(report.lastAttemptDurationInMs + 1_000);
  expect(report.totals.items).toBe(DEV_COUNT);
  expect(report.totals.failed).toBe(0);
  expect(report.totals.done + report.totals.alreadyGone).toBe(DEV_COUNT);
  expect(report.totals.resumed).toBeGreaterThan(0);
  // Items in flight at the kill were deleted without a record: they come back as already gone, nothing more.
  expect(report.totals.alreadyGone).toBeLessThanOrEqual(8);

  // Exactly the planned set: every old dev tag gone; latest, release-*, new-* and the other repository stay.
  const oci = new OciRegistryClient({ endpoint: registry.url });
  for (const m of [...images.dev, ...images.kept]) {
    const exists = (await oci.headManifest(m.repository, m.digest)) !== null;
    expect([m.tags[0], exists]).toEqual([m.tags[0], !images.dev.includes(m)]);
  }

  child.kill('SIGTERM');
  await new Promise((r) => child!.once('exit', r));
  const db = await openDatabase({ databaseUrl, migrate: false });
  try {
    const { rows } = await db.query<{ action: string; result: string; at: Date }>(
      'SELECT action, result, at FROM audit_log WHERE target = $1 ORDER BY seq',
      [`request:${requestId}`],
    );
    expect(rows.map((r) => r.action)).toEqual([
      'act.request',
      'approval.approve',
      'act.execute.start',
      'act.execute.start',
      'act.execute.finish',
    ]);
    expect(report.startedAt).toBe(rows[2].at.toISOString());
    const state = await db.query<{ state: string; attempts: number }>(
      'SELECT state, attempts FROM approval_requests WHERE id = $1',
      [requestId],
    );
    expect(state.rows[0]).toEqual({ state: 'done', attempts: 2 });
    const checkpoints = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM action_checkpoints WHERE request_id = $1',
      [requestId],
    );
    expect(checkpoints.rows[0].n).toBe(DEV_COUNT);
  } finally {
    await db.close();
  }
});
