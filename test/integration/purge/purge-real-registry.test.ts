/**
 * Plan + execute against a REAL registry (Debian docker-registry, Distribution 2.8): exactly the
 * planned manifests disappear, including the untagged children of a deleted multi-arch index and
 * the referrer of a deleted image; kept indexes, referrers of kept images and re-tagged manifests stay.
 */
import { jest } from '@jest/globals';
import { executePurgePlan } from '../../../src/features/act/purge/executor.js';
import { createPurgePlan } from '../../../src/features/act/purge/planner.js';
import { OciRegistryClient } from '../../../src/registry/oci/index.js';
import type { PushedManifest } from '../../helpers/registry/image-pusher.js';
import { daysAgo, existing, keyOf, startRegistryWith, type PurgeFixture } from './fixture.js';

jest.setTimeout(60_000);

let fixture: PurgeFixture;
const named: Record<string, PushedManifest> = {};

beforeAll(async () => {
  fixture = await startRegistryWith(async (pusher) => {
    const pushed: PushedManifest[] = [];
    const add = (name: string, m: PushedManifest) => {
      named[name] = m;
      pushed.push(m);
      return m;
    };
    for (let i = 0; i < 6; i++)
      add(`dev${i}`, await pusher.pushImage({ repository: 'app', tags: [`dev-${i}`], createdAt: daysAgo(40 + i) }));
    add('devNew', await pusher.pushImage({ repository: 'app', tags: ['dev-new'], createdAt: daysAgo(2) }));
    add('release', await pusher.pushImage({ repository: 'app', tags: ['v1.0'], createdAt: daysAgo(400) }));
    add('mixed', await pusher.pushImage({ repository: 'app', tags: ['dev-mixed', 'stable'], createdAt: daysAgo(400) }));
    const oldIndex = await pusher.pushIndex({
      repository: 'app',
      tags: ['dev-multi'],
      images: [
        { architecture: 'amd64', createdAt: daysAgo(50) },
        { architecture: 'arm64', createdAt: daysAgo(50) },
      ],
    });
    add('oldIndex', oldIndex.index);
    oldIndex.children.forEach((c, i) => add(`oldChild${i}`, c));
    const keptIndex = await pusher.pushIndex({
      repository: 'app',
      tags: ['v2-multi'],
      images: [{ architecture: 'amd64', createdAt: daysAgo(50) }],
    });
    add('keptIndex', keptIndex.index);
    add('keptChild', keptIndex.children[0]);
    // Referrers are tagged here: a plain OCI registry only lists what has a tag.
    add('sigOfDeleted', await pusher.pushReferrer({ repository: 'app', subject: named.dev0, tags: ['dev-0-sig'] }));
    add(
      'sigOfKept',
      await pusher.pushReferrer({ repository: 'app', subject: named.release, tags: ['dev-release-sig'] }),
    );
    add('otherRepo', await pusher.pushImage({ repository: 'app-other', tags: ['dev-1'], createdAt: daysAgo(400) }));
    return pushed;
  });
});

afterAll(() => fixture?.stop());

test('dry run plans exactly the expected set; execute deletes exactly that set', async () => {
  const client = new OciRegistryClient({ endpoint: fixture.registry.url });
  const plan = await createPurgePlan(client, { filters: ['app:^dev-'], ago: '30d', keep: 1 });
  // keep 1: dev-0 (newest of the old dev images, 40 days) stays; the index (50 days) goes with its children.
  const expected = ['dev1', 'dev2', 'dev3', 'dev4', 'dev5', 'oldIndex', 'oldChild0', 'oldChild1'].map((n) =>
    keyOf(named[n]),
  );
  expect(new Set(plan.items.map(keyOf))).toEqual(new Set(expected));
  expect(plan.items.find((i) => i.digest === named.oldIndex.digest)!.phase).toBe(0);
  expect(plan.items.filter((i) => i.reason === 'child-of-deleted-index')).toHaveLength(2);
  // too-new: dev-new and both referrers (created now); the one of dev-0 would also stay, its subject is kept.
  expect(plan.counts.kept).toEqual({ 'keep-newest': 1, 'too-new': 3, 'tag-outside-filter': 1 });
  expect(plan.bytesEstimate).toBeGreaterThan(0);

  const report = await executePurgePlan(client, JSON.parse(JSON.stringify(plan)));
  expect(report.totals).toMatchObject({ items: expected.length, deleted: expected.length, failed: 0 });
  const left = await existing(fixture.registry.url, fixture.all);
  const gone = fixture.all.map(keyOf).filter((k) => !left.has(k));
  expect(new Set(gone)).toEqual(new Set(expected));
});

test('a deleted image takes its referrer along; a manifest re-tagged after planning is skipped', async () => {
  const client = new OciRegistryClient({ endpoint: fixture.registry.url });
  const plan = await createPurgePlan(client, { filters: ['app:^dev-'], ago: '30d' });
  const planned = new Set(plan.items.map(keyOf));
  expect(planned).toEqual(new Set([keyOf(named.dev0), keyOf(named.sigOfDeleted)]));
  expect(plan.items.find((i) => i.digest === named.sigOfDeleted.digest)).toMatchObject({
    reason: 'referrer-of-deleted-subject',
    phase: 1,
  });

  await fixture.pusher.tag('app', named.dev0.digest, 'pinned-by-someone');
  const report = await executePurgePlan(new OciRegistryClient({ endpoint: fixture.registry.url }), plan);
  expect(report.results.find((r) => r.digest === named.dev0.digest)).toMatchObject({
    outcome: 'skipped',
    reason: expect.stringContaining('pinned-by-someone'),
  });
  const left = await existing(fixture.registry.url, [
    named.dev0,
    named.sigOfKept,
    named.release,
    named.keptIndex,
    named.keptChild,
    named.otherRepo,
  ]);
  expect(left.size).toBe(6);
});

test('untagged modes are refused on a plain OCI registry with the reason', async () => {
  const client = new OciRegistryClient({ endpoint: fixture.registry.url });
  await expect(createPurgePlan(client, { filters: ['app:.*'], ago: '1d', untaggedOnly: true })).rejects.toThrow(
    /no API|no such call|OCI Distribution/,
  );
});
