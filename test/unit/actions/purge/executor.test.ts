import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdaptiveConcurrency } from '../../../../src/features/act/purge/adaptive-concurrency.js';
import { PurgeInputError } from '../../../../src/features/act/purge/errors.js';
import { executePurgePlan, type PurgeExecutorOptions } from '../../../../src/features/act/purge/executor.js';
import { FileCheckpointStore } from '../../../../src/features/act/purge/file-checkpoint-store.js';
import { createPurgePlan } from '../../../../src/features/act/purge/planner.js';
import { classifyFailure, parseRetryAfterInMs, retryDelayInMs } from '../../../../src/features/act/purge/retry.js';
import type { PurgePlan, PurgeProgress } from '../../../../src/features/act/purge/types.js';
import { connectionReset, FakeHttpError, fakeDigest, InMemoryRegistry } from '../../../helpers/in-memory-registry.js';

const now = new Date('2025-06-01T00:00:00Z');
const old = new Date('2025-01-01T00:00:00Z');

async function registryWithPlan(
  count: number,
  extra?: (r: InMemoryRegistry) => void,
): Promise<{ registry: InMemoryRegistry; plan: PurgePlan }> {
  const registry = new InMemoryRegistry();
  for (let i = 0; i < count; i++)
    registry.add('app', { digest: fakeDigest(`del${i}`), tags: [`dev-${i}`], lastUpdatedAt: old, sizeInBytes: 100 });
  registry.add('app', { digest: fakeDigest('keep'), tags: ['release'], lastUpdatedAt: old });
  extra?.(registry);
  const plan = await createPurgePlan(registry, { filters: ['app:^dev-'], ago: '30d' }, { now: () => now });
  return { registry, plan };
}

/** Records the waits instead of sleeping, so retry tests run instantly and can assert on delays. */
function fastOptions(extra: PurgeExecutorOptions = {}): PurgeExecutorOptions & { waits: number[] } {
  const waits: number[] = [];
  return { waits, random: () => 0.5, sleep: async (ms) => void waits.push(ms), ...extra };
}

describe('executor', () => {
  test('deletes exactly the planned manifests and reports totals and bytes', async () => {
    const { registry, plan } = await registryWithPlan(20);
    const progress: PurgeProgress[] = [];
    const report = await executePurgePlan(registry, plan, { onProgress: (p) => progress.push(p) });
    expect(new Set(registry.deleted.map((d) => d.digest))).toEqual(new Set(plan.items.map((i) => i.digest)));
    expect(registry.has('app', fakeDigest('keep'))).toBe(true);
    expect(report.totals).toMatchObject({ items: 20, deleted: 20, failed: 0, skipped: 0, alreadyGone: 0 });
    expect(report.bytesFreedEstimate).toBe(2000);
    expect(report.results.every((r) => r.outcome === 'deleted' && r.attempts === 2)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ total: 20, done: 20, deleted: 20 });
  });

  test('refuses a tampered plan or another registry before touching anything', async () => {
    const { registry, plan } = await registryWithPlan(3);
    const tampered = {
      ...plan,
      items: [...plan.items, { ...plan.items[0], digest: fakeDigest('keep'), tags: ['release'] }],
    };
    await expect(executePurgePlan(registry, tampered)).rejects.toMatchObject({ code: 'plan-hash-mismatch' });
    const elsewhere = new InMemoryRegistry({ endpoint: 'https://other.azurecr.io' });
    await expect(executePurgePlan(elsewhere, plan)).rejects.toMatchObject({ code: 'plan-invalid' });
    await expect(executePurgePlan(registry, plan, { concurrency: 33 })).rejects.toBeInstanceOf(PurgeInputError);
    expect(registry.calls.deleteManifest + registry.calls.getManifest).toBe(0);
  });

  test('re-checks each item: gone → already-gone, re-tagged → skipped, locked → skipped', async () => {
    const { registry, plan } = await registryWithPlan(4);
    const [gone, retagged, locked] = plan.items.map((i) => i.digest);
    registry.repositories.get('app')!.delete(gone);
    registry.repositories.get('app')!.get(retagged)!.tags.push('prod');
    registry.repositories.get('app')!.get(locked)!.lock = { deleteEnabled: false, writeEnabled: true };
    const report = await executePurgePlan(registry, plan);
    const outcome = (d: string) => report.results.find((r) => r.digest === d)!;
    expect(outcome(gone)).toMatchObject({ outcome: 'already-gone' });
    expect(outcome(retagged)).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('prod') });
    expect(outcome(locked)).toMatchObject({ outcome: 'skipped', reason: 'locked' });
    expect(registry.has('app', retagged)).toBe(true);
    expect(report.totals).toMatchObject({ deleted: 1, alreadyGone: 1, skipped: 2 });
  });

  test('retries 429 honouring Retry-After, and 503 / connection resets with backoff', async () => {
    const { registry, plan } = await registryWithPlan(3);
    const failures = new Map<string, Error[]>([
      [plan.items[0].digest, [new FakeHttpError(429, { 'Retry-After': '7' })]],
      [plan.items[1].digest, [new FakeHttpError(503), new FakeHttpError(503)]],
      [plan.items[2].digest, [connectionReset()]],
    ]);
    registry.faults = (op, _repo, ref) => (op === 'deleteManifest' ? failures.get(ref)?.shift() : undefined);
    const options = fastOptions({ concurrency: 1, retry: { baseDelayInMs: 100 } });
    const report = await executePurgePlan(registry, plan, options);
    expect(report.totals.deleted).toBe(3);
    expect(report.results.map((r) => r.attempts)).toEqual([3, 4, 3]);
    // 7 s from Retry-After; then jittered exponential: 0.5·100, 0.5·200; then 0.5·100
    expect(options.waits).toEqual([7000, 50, 100, 50]);
  });

  test('gives up after maxAttempts and reports the failure; permanent errors are not retried', async () => {
    const { registry, plan } = await registryWithPlan(2);
    registry.faults = (op, _repo, ref) =>
      op === 'deleteManifest'
        ? ref === plan.items[0].digest
          ? new FakeHttpError(503)
          : new FakeHttpError(403)
        : undefined;
    const report = await executePurgePlan(registry, plan, fastOptions({ retry: { maxAttempts: 3 } }));
    expect(report.failures).toHaveLength(2);
    const byDigest = new Map(report.failures.map((f) => [f.digest, f]));
    expect(byDigest.get(plan.items[0].digest)).toMatchObject({ reason: 'HTTP 503 after 3 tries', attempts: 4 });
    expect(byDigest.get(plan.items[1].digest)).toMatchObject({ reason: 'HTTP 403 after 1 tries', attempts: 2 });
    expect(registry.deleted).toHaveLength(0);
  });

  test('a 404 from delete counts as done', async () => {
    const { registry, plan } = await registryWithPlan(1);
    registry.faults = (op) => (op === 'deleteManifest' ? new FakeHttpError(404) : undefined);
    const report = await executePurgePlan(registry, plan, fastOptions());
    expect(report.results[0]).toMatchObject({ outcome: 'already-gone' });
    expect(report.failures).toHaveLength(0);
  });

  test('repeated 429s lower the concurrency; it never exceeds the configured maximum', async () => {
    const { registry, plan } = await registryWithPlan(60);
    let inFlight = 0;
    let maxInFlight = 0;
    let throttled = 0;
    const original = registry.deleteManifest.bind(registry);
    registry.deleteManifest = async (repo, digest, options) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      if (throttled++ < 30) throw new FakeHttpError(429, { 'retry-after': '0' });
      return original(repo, digest, options);
    };
    const lowest: number[] = [];
    const report = await executePurgePlan(registry, plan, {
      concurrency: 8,
      onProgress: (p) => lowest.push(p.concurrency),
      retry: { baseDelayInMs: 1, maxDelayInMs: 5 },
    });
    expect(report.totals.deleted).toBe(60);
    expect(maxInFlight).toBeLessThanOrEqual(8);
    expect(Math.min(...lowest)).toBeLessThan(8);
  });

  test('an aborted run stops taking items; resuming with the checkpoint finishes without repeating', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'purge-ckpt-'));
    try {
      const { registry, plan } = await registryWithPlan(30);
      const checkpointPath = join(dir, 'run.jsonl');
      const controller = new AbortController();
      registry.afterDelete = () => {
        if (registry.deleted.length === 10) controller.abort();
      };
      const first = await executePurgePlan(registry, plan, {
        concurrency: 2,
        abortSignal: controller.signal,
        checkpoint: new FileCheckpointStore(checkpointPath),
      });
      expect(first.aborted).toBe(true);
      expect(first.totals.deleted).toBeGreaterThanOrEqual(10);
      expect(first.totals.deleted).toBeLessThan(30);
      registry.afterDelete = undefined;
      const deletesBefore = registry.calls.deleteManifest;
      const store = new FileCheckpointStore(checkpointPath);
      const second = await executePurgePlan(registry, plan, { checkpoint: store });
      await store.close();
      expect(second.aborted).toBe(false);
      expect(second.totals.resumed).toBe(first.results.length);
      expect(registry.calls.deleteManifest - deletesBefore).toBe(30 - first.results.length);
      expect(new Set(registry.deleted.map((d) => d.digest))).toEqual(new Set(plan.items.map((i) => i.digest)));
      expect(registry.has('app', fakeDigest('keep'))).toBe(true);
      const lines = (await readFile(checkpointPath, 'utf8')).trim().split('\n');
      expect(lines).toHaveLength(1 + 30);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a result that cannot be recorded stops the run: nothing new starts, in-flight items end, the error is thrown', async () => {
    const { registry, plan } = await registryWithPlan(40);
    const recorded: string[] = [];
    const outage = new Error('connect ECONNREFUSED 127.0.0.1:5432');
    const failing = {
      load: async () => [],
      record: async (result: { digest: string }) => {
        if (recorded.length >= 5) throw outage; // the database went away after five items
        recorded.push(result.digest);
      },
      close: async () => undefined,
    };
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await expect(executePurgePlan(registry, plan, { concurrency: 4, checkpoint: failing })).rejects.toBe(outage);
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
    expect(recorded).toHaveLength(5);
    // After the failure only items already started finish: those in flight, and those whose slot opened
    // while a result was being recorded — at most two rounds of the concurrency.
    expect(registry.deleted.length).toBeLessThanOrEqual(5 + 2 * 4);
    expect(registry.deleted.length).toBeLessThan(40);
  });

  test('a checkpoint of another plan is refused; a torn last line is ignored', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'purge-ckpt-'));
    try {
      const { registry, plan } = await registryWithPlan(2);
      const path = join(dir, 'c.jsonl');
      await writeFile(path, `${JSON.stringify({ planHash: 'f'.repeat(64) })}\n`);
      await expect(
        executePurgePlan(registry, plan, { checkpoint: new FileCheckpointStore(path) }),
      ).rejects.toMatchObject({ code: 'checkpoint-mismatch' });
      const first = { repository: 'app', digest: plan.items[0].digest, outcome: 'deleted', attempts: 2 };
      await writeFile(
        path,
        `${JSON.stringify({ planHash: plan.hash })}\n${JSON.stringify(first)}\n{"repository":"app","dig`,
      );
      const store = new FileCheckpointStore(path);
      const report = await executePurgePlan(registry, plan, { checkpoint: store });
      await store.close();
      expect(report.totals.resumed).toBe(1);
      expect(registry.deleted.map((d) => d.digest)).toEqual([plan.items[1].digest]);
      const reloaded = await new FileCheckpointStore(path).load(plan.hash);
      expect(reloaded.map((r) => r.digest)).toEqual([plan.items[0].digest, plan.items[1].digest]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('indexes are deleted before their children', async () => {
    const registry = new InMemoryRegistry({ kind: 'oci' });
    const children = [1, 2, 3].map((i) => registry.add('app', { digest: fakeDigest(`c${i}`), tags: [] }));
    const index = registry.add('app', {
      digest: fakeDigest('idx'),
      mediaType: 'application/vnd.oci.image.index.v1+json',
      tags: ['1.0'],
      children: children.map((c) => c.digest),
      lastUpdatedAt: old,
    });
    const plan = await createPurgePlan(registry, { filters: ['app:.*'], ago: '1d' }, { now: () => now });
    await executePurgePlan(registry, plan, { concurrency: 8 });
    expect(registry.deleted[0].digest).toBe(index.digest);
    expect(registry.deleted).toHaveLength(4);
  });
});

describe('retry helpers', () => {
  test('Retry-After as seconds or HTTP date', () => {
    const nowInMs = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(parseRetryAfterInMs('3', nowInMs)).toBe(3000);
    expect(parseRetryAfterInMs('Wed, 21 Oct 2015 07:28:05 GMT', nowInMs)).toBe(5000);
    expect(parseRetryAfterInMs('Wed, 21 Oct 2015 07:27:00 GMT', nowInMs)).toBe(0);
    expect(parseRetryAfterInMs('soon', nowInMs)).toBeUndefined();
  });

  test('classification of HTTP statuses, fetch errors and resets', () => {
    expect(classifyFailure(new FakeHttpError(429, { 'retry-after': '2' }))).toMatchObject({
      kind: 'throttled',
      retryAfterInMs: 2000,
    });
    expect(classifyFailure({ response: { status: 502, headers: new Headers({ 'Retry-After': '1' }) } })).toMatchObject({
      kind: 'transient',
      retryAfterInMs: 1000,
    });
    expect(classifyFailure(new FakeHttpError(501)).kind).toBe('permanent');
    expect(classifyFailure(new FakeHttpError(401)).kind).toBe('permanent');
    expect(
      classifyFailure(Object.assign(new TypeError('fetch failed'), { cause: { code: 'UND_ERR_SOCKET' } })).kind,
    ).toBe('transient');
    expect(classifyFailure(connectionReset()).kind).toBe('transient');
    expect(classifyFailure(new Error('boom')).kind).toBe('permanent');
  });

  test('full jitter stays within the exponential ceiling and the cap', () => {
    const options = { baseDelayInMs: 100, maxDelayInMs: 1000, maxRetryAfterInMs: 5000 };
    const transient = { kind: 'transient' as const, description: '' };
    expect(retryDelayInMs(1, transient, options, () => 0.999)).toBeLessThan(100);
    expect(retryDelayInMs(3, transient, options, () => 0.999)).toBeLessThan(400);
    expect(retryDelayInMs(20, transient, options, () => 0.999)).toBeLessThan(1000);
    expect(retryDelayInMs(1, { ...transient, retryAfterInMs: 60_000 }, options, () => 0)).toBe(5000);
  });

  test('adaptive concurrency halves on throttling once per cool-down and recovers with successes', () => {
    let clock = 0;
    const limiter = new AdaptiveConcurrency({ maxConcurrency: 8, decreaseCooldownInMs: 100, now: () => clock });
    limiter.onThrottled();
    limiter.onThrottled(); // same burst
    expect(limiter.limit).toBe(4);
    clock = 200;
    limiter.onThrottled();
    expect(limiter.limit).toBe(2);
    for (let i = 0; i < 4; i++) limiter.onSuccess();
    expect(limiter.limit).toBe(3);
    for (let i = 0; i < 100; i++) limiter.onSuccess();
    expect(limiter.limit).toBe(8);
  });
});
