/** Shared set-up of the purge integration tests: a REAL docker-registry with synthetic images. */
import { ImagePusher, type PushedManifest } from '../../helpers/registry/image-pusher.js';
import { startLocalRegistry, type LocalRegistry } from '../../helpers/registry/local-registry.js';
import { OciRegistryClient } from '../../../src/registry/oci/index.js';

export const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

export interface PurgeFixture {
  registry: LocalRegistry;
  pusher: ImagePusher;
  all: PushedManifest[];
  stop(): Promise<void>;
}

export async function startRegistryWith(
  build: (pusher: ImagePusher) => Promise<PushedManifest[]>,
): Promise<PurgeFixture> {
  const registry = await startLocalRegistry();
  const pusher = new ImagePusher({ url: registry.url, concurrency: 8 });
  const all = await build(pusher);
  return {
    registry,
    pusher,
    all,
    stop: async () => {
      pusher.close();
      await registry.stop();
    },
  };
}

/** Digests that still exist, checked with a fresh client (no cache) by HEAD. */
export async function existing(url: string, manifests: PushedManifest[]): Promise<Set<string>> {
  const client = new OciRegistryClient({ endpoint: url });
  const found = new Set<string>();
  for (const m of manifests)
    if (await client.headManifest(m.repository, m.digest)) found.add(`${m.repository}@${m.digest}`);
  return found;
}

export const keyOf = (m: { repository: string; digest: string }) => `${m.repository}@${m.digest}`;

/** `count` old dev images in `repository` plus 2 old release images, 2 new dev images and an unrelated repo. */
export async function pushStandardSet(pusher: ImagePusher, count: number): Promise<PushedManifest[]> {
  const old = await pusher.pushMany(
    Array.from({ length: count }, (_, i) => ({ repository: 'app', tags: [`dev-${i}`], createdAt: daysAgo(60 + i) })),
  );
  const release = await pusher.pushMany(
    [0, 1].map((i) => ({ repository: 'app', tags: [`v1.${i}`], createdAt: daysAgo(90) })),
  );
  const fresh = await pusher.pushMany(
    [0, 1].map((i) => ({ repository: 'app', tags: [`dev-new-${i}`], createdAt: daysAgo(1) })),
  );
  const other = await pusher.pushMany(
    [0, 1].map((i) => ({ repository: 'other', tags: [`dev-${i}`], createdAt: daysAgo(90) })),
  );
  return [...old, ...release, ...fresh, ...other];
}
