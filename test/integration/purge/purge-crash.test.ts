/**
 * Crash: the CLI executor runs in a child process and is killed with SIGKILL after ~30 checkpoint
 * lines; a second run with the same checkpoint finishes the plan. Afterwards exactly the planned set
 * is gone from the REAL registry and everything else remains.
 */
import { jest } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPurgePlan } from '../../../src/features/act/purge/planner.js';
import type { PurgeReport } from '../../../src/features/act/purge/types.js';
import { OciRegistryClient } from '../../../src/registry/oci/index.js';
import { existing, keyOf, pushStandardSet, startRegistryWith, type PurgeFixture } from './fixture.js';

jest.setTimeout(60_000);

let fixture: PurgeFixture;
let dir: string;

beforeAll(async () => {
  fixture = await startRegistryWith((pusher) => pushStandardSet(pusher, 120));
  dir = await mkdtemp(join(tmpdir(), 'purge-crash-'));
});

afterAll(async () => {
  await fixture?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function runExecutor(args: string[], killAfterLines?: { path: string; lines: number }) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/registry.ts', 'execute', ...args], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  if (killAfterLines) {
    timer = setInterval(async () => {
      const text = await readFile(killAfterLines.path, 'utf8').catch(() => '');
      if (text.split('\n').length - 1 >= killAfterLines.lines) child.kill('SIGKILL');
    }, 5);
  }
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>((resolve) => {
    child.on('exit', (code, signal) => {
      if (timer) clearInterval(timer);
      resolve({ code, signal, stdout });
    });
  });
}

test('SIGKILL halfway, then resume: exactly the planned set is deleted', async () => {
  const client = new OciRegistryClient({ endpoint: fixture.registry.url });
  const plan = await createPurgePlan(client, { filters: ['app:^dev-\\d+$'], ago: '30d' });
  expect(plan.items).toHaveLength(120);
  const planPath = join(dir, 'plan.json');
  const checkpointPath = join(dir, 'plan.checkpoint.jsonl');
  await writeFile(planPath, JSON.stringify(plan));
  const args = ['--plan', planPath, '--checkpoint', checkpointPath, '--concurrency', '1', '--json'];

  const crashed = await runExecutor(args, { path: checkpointPath, lines: 1 + 30 });
  expect(crashed.signal).toBe('SIGKILL');
  const recorded = (await readFile(checkpointPath, 'utf8')).trim().split('\n').length - 1;
  expect(recorded).toBeGreaterThanOrEqual(30);
  expect(recorded).toBeLessThan(120);
  const afterCrash = await existing(fixture.registry.url, fixture.all);
  expect(fixture.all.length - afterCrash.size).toBeLessThan(120);

  const resumed = await runExecutor(args);
  expect(resumed.code).toBe(0);
  const report = JSON.parse(resumed.stdout) as PurgeReport;
  expect(report.totals.resumed).toBe(recorded);
  expect(report.totals.failed).toBe(0);
  // The item in flight at the kill may have been deleted without a record: it comes back as already-gone.
  expect(report.totals.deleted + report.totals.alreadyGone).toBe(120);
  expect(report.totals.alreadyGone).toBeLessThanOrEqual(1);

  const left = await existing(fixture.registry.url, fixture.all);
  const gone = new Set(fixture.all.map(keyOf).filter((k) => !left.has(k)));
  expect(gone).toEqual(new Set(plan.items.map(keyOf)));
});
