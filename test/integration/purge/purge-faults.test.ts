/**
 * Faults: a proxy in front of the REAL registry answers 429 (Retry-After in seconds or as an HTTP
 * date), 503 or resets the connection for 30 % of requests. The purge still ends with exactly the
 * planned set deleted and nothing else.
 */
import { jest } from '@jest/globals';
import { executePurgePlan } from '../../../src/features/act/purge/executor.js';
import { createPurgePlan } from '../../../src/features/act/purge/planner.js';
import { OciRegistryClient } from '../../../src/registry/oci/index.js';
import { startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy.js';
import { existing, keyOf, pushStandardSet, startRegistryWith, type PurgeFixture } from './fixture.js';

jest.setTimeout(60_000);

let fixture: PurgeFixture;
let proxy: FaultProxy;

beforeAll(async () => {
  fixture = await startRegistryWith((pusher) => pushStandardSet(pusher, 40));
  proxy = await startFaultProxy({ target: fixture.registry.url, share: 0, seed: 7 });
});

afterAll(async () => {
  await proxy?.stop();
  await fixture?.stop();
});

test('with 30 % of requests failing, exactly the planned set is deleted', async () => {
  const client = new OciRegistryClient({ endpoint: proxy.url });
  const plan = await createPurgePlan(client, { filters: ['app:^dev-'], ago: '30d' });
  expect(plan.items).toHaveLength(40);

  proxy.share = 0.3;
  const report = await executePurgePlan(client, plan, {
    concurrency: 8,
    retry: { maxAttempts: 12, baseDelayInMs: 20, maxDelayInMs: 500 },
  });
  proxy.share = 0;

  const faulted = Object.values(proxy.stats.faulted).reduce((a, b) => a + b, 0);
  expect(faulted).toBeGreaterThanOrEqual(4);
  for (const kind of ['429', '429-date', '503', 'reset'] as const) expect(proxy.stats.faulted[kind]).toBeGreaterThan(0);
  expect(report.failures).toEqual([]);
  // A reset after the registry deleted would show as already-gone on retry; both count as done.
  expect(report.totals.deleted + report.totals.alreadyGone).toBe(40);
  expect(report.results.some((r) => r.attempts > 1)).toBe(true);

  const left = await existing(fixture.registry.url, fixture.all);
  const gone = new Set(fixture.all.map(keyOf).filter((k) => !left.has(k)));
  expect(gone).toEqual(new Set(plan.items.map(keyOf)));
});
