import { createPurgePlan } from '../../../../src/features/act/purge/planner.js';
import { computePlanHash, verifyPlanHash } from '../../../../src/features/act/purge/plan-hash.js';
import type { PurgeParams, PurgePlan } from '../../../../src/features/act/purge/types.js';
import { fakeDigest, InMemoryRegistry } from '../../../helpers/in-memory-registry.js';

const now = new Date('2025-06-01T00:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const indexType = 'application/vnd.oci.image.index.v1+json';

function plan(registry: InMemoryRegistry, params: Partial<PurgeParams>): Promise<PurgePlan> {
  return createPurgePlan(registry, { ago: '30d', ...params }, { now: () => now });
}

const digestsOf = (p: PurgePlan) => new Set(p.items.map((i) => i.digest));

describe('purge planner', () => {
  test('selects old manifests whose tags all match; keeps new, unmatched and partly matched ones', async () => {
    const r = new InMemoryRegistry();
    const oldDev = r.add('web', { tags: ['dev-1'], lastUpdatedAt: daysAgo(40), sizeInBytes: 500 });
    const newDev = r.add('web', { tags: ['dev-2'], lastUpdatedAt: daysAgo(2) });
    const release = r.add('web', { tags: ['v1.0'], lastUpdatedAt: daysAgo(90) });
    const mixed = r.add('web', { tags: ['dev-0', 'latest'], lastUpdatedAt: daysAgo(90) });
    const otherRepo = r.add('web-old', { tags: ['dev-1'], lastUpdatedAt: daysAgo(90) });
    const p = await plan(r, { filters: ['web:^dev-'] });
    expect(digestsOf(p)).toEqual(new Set([oldDev.digest]));
    expect(p.items[0]).toMatchObject({
      repository: 'web',
      tags: ['dev-1'],
      sizeInBytes: 500,
      reason: 'matched-filter',
      phase: 0,
    });
    expect(p.counts.kept).toEqual({ 'too-new': 1, 'tag-outside-filter': 1 });
    expect(p.bytesEstimate).toBe(500);
    expect([newDev, release, mixed, otherRepo].some((m) => digestsOf(p).has(m.digest))).toBe(false);
    expect(p.params.olderThan).toBe(daysAgo(30).toISOString());
  });

  test('keep N keeps the newest N of the selected manifests per repository', async () => {
    const r = new InMemoryRegistry();
    const byAge = [31, 32, 33, 34, 35].map((d) => r.add('api', { tags: [`b${d}`], lastUpdatedAt: daysAgo(d) }));
    const other = [40, 41].map((d) => r.add('ui', { tags: [`b${d}`], lastUpdatedAt: daysAgo(d) }));
    const p = await plan(r, { filters: ['api:.*', 'ui:.*'], keep: 2 });
    expect(digestsOf(p)).toEqual(new Set([byAge[2].digest, byAge[3].digest, byAge[4].digest]));
    expect(other.some((m) => digestsOf(p).has(m.digest))).toBe(false);
    expect(p.counts.kept['keep-newest']).toBe(4);
  });

  test('locked manifests are skipped unless includeLocked; unknown age is never deleted', async () => {
    const r = new InMemoryRegistry();
    const locked = r.add('web', {
      tags: ['a'],
      lastUpdatedAt: daysAgo(60),
      lock: { deleteEnabled: false, writeEnabled: true },
    });
    const readOnly = r.add('web', {
      tags: ['b'],
      lastUpdatedAt: daysAgo(60),
      lock: { deleteEnabled: true, writeEnabled: false },
    });
    r.add('web', { tags: ['c'] });
    const skipping = await plan(r, { filters: ['web:.*'] });
    expect(skipping.items).toHaveLength(0);
    expect(skipping.counts.kept).toEqual({ locked: 2, 'unknown-age': 1 });
    const including = await plan(r, { filters: ['web:.*'], includeLocked: true });
    expect(digestsOf(including)).toEqual(new Set([locked.digest, readOnly.digest]));
  });

  test('protected repositories and tags are never planned', async () => {
    const r = new InMemoryRegistry();
    r.add('prod', { tags: ['old'], lastUpdatedAt: daysAgo(99) });
    r.add('web', { tags: ['release-1'], lastUpdatedAt: daysAgo(99) });
    const dev = r.add('web', { tags: ['dev'], lastUpdatedAt: daysAgo(99) });
    const p = await plan(r, { filters: ['.*:.*'], protect: ['prod', 'web:^release-'] });
    expect(digestsOf(p)).toEqual(new Set([dev.digest]));
    expect(p.counts.kept.protected).toBe(2);
  });

  test('a kept multi-arch index protects its children, even tagged ones the filter selects', async () => {
    const r = new InMemoryRegistry();
    const amd = r.add('app', { tags: ['amd64-old'], lastUpdatedAt: daysAgo(90) });
    const arm = r.add('app', { tags: [], lastUpdatedAt: daysAgo(90) });
    const nested = r.add('app', { mediaType: indexType, tags: [], children: [arm.digest], lastUpdatedAt: daysAgo(90) });
    r.add('app', {
      mediaType: indexType,
      tags: ['stable'],
      children: [amd.digest, nested.digest],
      lastUpdatedAt: daysAgo(90),
    });
    const p = await plan(r, { filters: ['app:old'], untagged: true });
    expect(p.items).toHaveLength(0);
    expect(p.counts.kept['child-of-kept-index']).toBe(3);
  });

  test('a deleted index takes its untagged children along, index first (OCI: children found by digest)', async () => {
    const r = new InMemoryRegistry({ kind: 'oci' });
    const shared = r.add('app', { tags: [], sizeInBytes: 10 });
    const amd = r.add('app', { tags: [], sizeInBytes: 10 });
    const arm = r.add('app', { tags: [], sizeInBytes: 10 });
    const ownTag = r.add('app', { tags: ['arm-only'], lastUpdatedAt: daysAgo(1) });
    const oldIndex = r.add('app', {
      mediaType: indexType,
      tags: ['1.0'],
      children: [amd.digest, arm.digest, shared.digest, ownTag.digest],
      lastUpdatedAt: daysAgo(90),
    });
    r.add('app', { mediaType: indexType, tags: ['2.0'], children: [shared.digest], lastUpdatedAt: daysAgo(1) });
    const p = await plan(r, { filters: ['app:.*'] });
    expect(digestsOf(p)).toEqual(new Set([oldIndex.digest, amd.digest, arm.digest]));
    expect(p.items.find((i) => i.digest === oldIndex.digest)!.phase).toBe(0);
    expect(p.items.filter((i) => i.phase === 1).map((i) => i.reason)).toEqual([
      'child-of-deleted-index',
      'child-of-deleted-index',
    ]);
    expect(p.items.map((i) => i.phase)).toEqual([...p.items.map((i) => i.phase)].sort());
  });

  test('a referrer whose subject is kept stays even when the filter selects it', async () => {
    const r = new InMemoryRegistry();
    const image = r.add('app', { tags: ['v1'], lastUpdatedAt: daysAgo(90) });
    const signature = r.add('app', { tags: ['sha256-abc.sig'], subject: image.digest, lastUpdatedAt: daysAgo(90) });
    const p = await plan(r, { filters: ['app:\\.sig$'] });
    expect(p.items).toHaveLength(0);
    expect(p.counts.kept['subject-kept']).toBe(1);
    expect(digestsOf(p).has(signature.digest)).toBe(false);
  });

  test('referrers of a deleted subject go with it unless a tag outside the filter keeps them', async () => {
    const r = new InMemoryRegistry();
    const image = r.add('app', { tags: ['dev-1'], lastUpdatedAt: daysAgo(90) });
    const sbom = r.add('app', { tags: [], subject: image.digest, lastUpdatedAt: daysAgo(1) });
    const sigOfSbom = r.add('app', { tags: [], subject: sbom.digest, lastUpdatedAt: daysAgo(1) });
    const pinned = r.add('app', { tags: ['audit-keep'], subject: image.digest, lastUpdatedAt: daysAgo(1) });
    const p = await plan(r, { filters: ['app:^dev-'] });
    expect(digestsOf(p)).toEqual(new Set([image.digest, sbom.digest, sigOfSbom.digest]));
    expect(p.items.find((i) => i.digest === sbom.digest)).toMatchObject({
      reason: 'referrer-of-deleted-subject',
      phase: 1,
    });
    expect(p.items.find((i) => i.digest === sigOfSbom.digest)!.phase).toBe(2);
    expect(digestsOf(p).has(pinned.digest)).toBe(false);
  });

  test('untagged (ACR): old untagged manifests go, except children of kept indexes and referrers of kept subjects', async () => {
    const r = new InMemoryRegistry({ kind: 'acr' });
    const dangling = r.add('app', { tags: [], lastUpdatedAt: daysAgo(60) });
    r.add('app', { tags: [], lastUpdatedAt: daysAgo(1) });
    const child = r.add('app', { tags: [], lastUpdatedAt: daysAgo(60) });
    r.add('app', { mediaType: indexType, tags: ['stable'], children: [child.digest], lastUpdatedAt: daysAgo(60) });
    const kept = r.add('app', { tags: ['keep-me'], lastUpdatedAt: daysAgo(60) });
    r.add('app', { tags: [], subject: kept.digest, lastUpdatedAt: daysAgo(60) });
    const old = r.add('app', { tags: ['dev'], lastUpdatedAt: daysAgo(60) });
    const withTags = await plan(r, { filters: ['app:^dev$'], untagged: true });
    expect(digestsOf(withTags)).toEqual(new Set([dangling.digest, old.digest]));
    const only = await plan(r, { filters: ['app:^dev$'], untaggedOnly: true });
    expect(digestsOf(only)).toEqual(new Set([dangling.digest]));
  });

  test('planning 10,000 tags fetches nothing by digest when there are no indexes or referrers', async () => {
    const r = new InMemoryRegistry();
    const oldPerRepo = new Map<string, number>();
    for (let i = 0; i < 10_000; i++) {
      const repository = `repo${i % 10}`;
      const ageInDays = (i % 60) + 0.5;
      if (ageInDays > 30) oldPerRepo.set(repository, (oldPerRepo.get(repository) ?? 0) + 1);
      r.add(repository, { digest: fakeDigest(`m${i}`), tags: [`t${i}`], lastUpdatedAt: daysAgo(ageInDays) });
    }
    const p = await plan(r, { filters: ['repo.*:.*'], keep: 3 });
    expect(r.calls.getManifest).toBe(0);
    expect(r.calls.listManifests).toBe(10);
    expect(p.counts.manifestsScanned).toBe(10_000);
    const expected = [...oldPerRepo.values()].reduce((n, old) => n + old - 3, 0);
    expect(p.items).toHaveLength(expected);
    expect(p.counts.kept['keep-newest']).toBe(30);
  });
});

describe('plan hash', () => {
  async function samplePlan(): Promise<PurgePlan> {
    const r = new InMemoryRegistry();
    r.add('web', { digest: fakeDigest('a'), tags: ['dev-1'], lastUpdatedAt: daysAgo(40), createdAt: daysAgo(41) });
    r.add('web', { digest: fakeDigest('b'), tags: ['dev-2'], lastUpdatedAt: daysAgo(50) });
    return plan(r, { filters: ['web:^dev-'] });
  }

  test('is deterministic and survives a JSON round trip', async () => {
    const a = await samplePlan();
    const b = await samplePlan();
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).toBe(b.hash);
    const roundTripped = JSON.parse(JSON.stringify(a)) as PurgePlan;
    expect(verifyPlanHash(roundTripped)).toBe(true);
  });

  test('detects any change to items, params or registry', async () => {
    const base = await samplePlan();
    const tampered: PurgePlan[] = [
      { ...base, items: [...base.items, { ...base.items[0], digest: fakeDigest('x') }] },
      { ...base, items: base.items.map((i) => ({ ...i, tags: [...i.tags, 'latest'] })) },
      { ...base, params: { ...base.params, includeLocked: true } },
      { ...base, registry: 'https://other.azurecr.io' },
    ];
    for (const t of tampered) expect(verifyPlanHash(t)).toBe(false);
    expect(computePlanHash({ ...base, params: { ...base.params } })).toBe(base.hash);
  });
});
