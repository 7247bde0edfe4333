import { jest } from '@jest/globals';
/**
 * OciRegistryClient against a REAL registry: Debian's docker-registry (Distribution 2.8) on loopback,
 * images pushed through the HTTP API. Bearer auth uses the registry's real `auth.token` verification
 * with a tiny local token server (test/helpers/registry/token-server.ts).
 */
import { RegistryError } from '../../../src/registry/errors.js';
import { OciRegistryClient } from '../../../src/registry/oci/client.js';
import { DOCKER_MANIFEST, OCI_INDEX, OCI_MANIFEST } from '../../../src/registry/oci/media-types.js';
import { listTagRows } from '../../../src/registry/read-operations.js';
import type { ManifestInfo } from '../../../src/registry/types.js';
import { collect } from '../../helpers/registry/collect.js';
import { ImagePusher, type PushedManifest } from '../../helpers/registry/image-pusher.js';
import { startLocalRegistry, type LocalRegistry } from '../../helpers/registry/local-registry.js';
import { freePort } from '../../helpers/registry/ports.js';
import { startTokenServer, type TokenServer } from '../../helpers/registry/token-server.js';

jest.setTimeout(30_000);

describe('OCI client on a real docker-registry (anonymous)', () => {
  let registry: LocalRegistry;
  let pusher: ImagePusher;
  let web: PushedManifest;
  let docker: PushedManifest;
  let multi: { index: PushedManifest; children: PushedManifest[] };
  let sbom: PushedManifest;

  beforeAll(async () => {
    registry = await startLocalRegistry();
    pusher = new ImagePusher({ url: registry.url });
    web = await pusher.pushImage({
      repository: 'team/web',
      tags: ['v1', 'latest', 'stable'],
      createdAt: new Date('2024-01-15T10:00:00Z'),
      uniqueLayerBytes: 1000,
    });
    docker = await pusher.pushImage({
      repository: 'team/web',
      tags: ['docker'],
      createdAt: new Date('2023-06-01T00:00:00Z'),
      format: 'docker',
    });
    multi = await pusher.pushIndex({
      repository: 'team/web',
      tags: ['multi'],
      images: [
        { architecture: 'amd64', createdAt: new Date('2024-02-01T00:00:00Z') },
        { architecture: 'arm64', createdAt: new Date('2024-03-01T00:00:00Z') },
      ],
    });
    sbom = await pusher.pushReferrer({
      repository: 'team/web',
      subject: web,
      tags: ['v1.sbom'],
      artifactType: 'application/vnd.example.sbom',
    });
    for (const name of ['a-repo', 'b-repo', 'c-repo'])
      await pusher.pushImage({ repository: name, tags: ['t'], createdAt: new Date() });
  });
  afterAll(async () => {
    pusher?.close();
    await registry?.stop();
  });

  it('follows Link pagination with a page size of 1 for the catalog and tags', async () => {
    const client = new OciRegistryClient({ endpoint: registry.url, pageSize: 1 });
    expect(await collect(client.listRepositories())).toEqual(['a-repo', 'b-repo', 'c-repo', 'team/web']);
    expect((await collect(client.listTags('team/web'))).sort()).toEqual([
      'docker',
      'latest',
      'multi',
      'stable',
      'v1',
      'v1.sbom',
    ]);
  });

  it('groups tags by digest and reads media type, created time, size, children and subject', async () => {
    const client = new OciRegistryClient({ endpoint: registry.url, pageSize: 2 });
    const manifests = await collect(client.listManifests('team/web'));
    const byDigest = new Map<string, ManifestInfo>(manifests.map((m) => [m.digest, m]));
    expect(manifests).toHaveLength(4);
    expect(byDigest.get(web.digest)).toMatchObject({
      tags: ['latest', 'stable', 'v1'],
      mediaType: OCI_MANIFEST,
      sizeInBytes: web.sizeInBytes,
      createdAt: new Date('2024-01-15T10:00:00Z'),
    });
    expect(byDigest.get(docker.digest)).toMatchObject({
      tags: ['docker'],
      mediaType: DOCKER_MANIFEST,
      sizeInBytes: docker.sizeInBytes,
      createdAt: new Date('2023-06-01T00:00:00Z'),
    });
    // An index is as new as its newest child; its children are listed on it, not as separate items.
    expect(byDigest.get(multi.index.digest)).toMatchObject({
      mediaType: OCI_INDEX,
      children: multi.children.map((c) => c.digest),
      createdAt: new Date('2024-03-01T00:00:00Z'),
    });
    expect(byDigest.get(sbom.digest)).toMatchObject({ tags: ['v1.sbom'], subject: web.digest });
    expect(client.canListUntagged).toBe(false);
    expect(client.untaggedUnsupportedReason).toMatch(/untagged/);
  });

  it('gets one manifest by tag or digest with all its current tags, and null when unknown', async () => {
    const client = new OciRegistryClient({ endpoint: registry.url });
    expect(await client.getManifest('team/web', 'stable')).toMatchObject({
      digest: web.digest,
      tags: ['latest', 'stable', 'v1'],
    });
    expect(await client.getManifest('team/web', multi.children[0].digest)).toMatchObject({
      digest: multi.children[0].digest,
      tags: [],
    });
    expect(await client.getManifest('team/web', 'no-such-tag')).toBeNull();
    expect(await client.getManifest('team/web', `sha256:${'0'.repeat(64)}`)).toBeNull();
    expect(await collect(client.listTags('no/such-repo'))).toEqual([]);
  });

  it('lists tag rows with age for the CLI', async () => {
    const client = new OciRegistryClient({ endpoint: registry.url });
    const rows = await listTagRows(client, 'team/web', { now: new Date('2024-03-11T00:00:00Z') });
    expect(rows.find((r) => r.tag === 'multi')).toMatchObject({ ageInDays: 10, children: 2 });
    expect(rows.find((r) => r.tag === 'docker')?.ageInDays).toBeCloseTo(284, 0);
  });

  it('deletes by digest, which removes every tag; a second delete is not-found', async () => {
    const repo = 'deletes';
    const image = await pusher.pushImage({ repository: repo, tags: ['one', 'two', 'three'], createdAt: new Date() });
    const keep = await pusher.pushImage({ repository: repo, tags: ['keep'], createdAt: new Date() });
    const client = new OciRegistryClient({ endpoint: registry.url });
    expect(await client.deleteManifest(repo, image.digest)).toBe('deleted');
    expect((await collect(client.listTags(repo))).sort()).toEqual(['keep']);
    expect(await client.deleteManifest(repo, image.digest)).toBe('not-found');
    expect(await client.getManifest(repo, 'keep')).toMatchObject({ digest: keep.digest });
    await expect(client.deleteManifest(repo, 'keep')).rejects.toMatchObject({ code: 'DIGEST_INVALID' });
  });

  it('reports registry errors with status and the registry code, and network errors typed', async () => {
    const client = new OciRegistryClient({ endpoint: registry.url });
    const error = await client.fetchManifest('team/web', 'missing').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(error).toMatchObject({ status: 404, code: 'MANIFEST_UNKNOWN' });
    const down = new OciRegistryClient({ endpoint: `http://127.0.0.1:${await freePort()}`, timeoutInMs: 2000 });
    await expect(collect(down.listRepositories())).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    const aborted = new AbortController();
    aborted.abort();
    await expect(client.getManifest('team/web', 'v1', { abortSignal: aborted.signal })).rejects.toMatchObject({
      code: 'ABORTED',
    });
  });
});

describe('OCI client with bearer-token auth on a real docker-registry', () => {
  let tokens: TokenServer;
  let registry: LocalRegistry;
  let pusher: ImagePusher;

  beforeAll(async () => {
    tokens = await startTokenServer({ users: { alice: 'correct horse' } });
    registry = await startLocalRegistry({
      tokenAuth: {
        realm: tokens.realm,
        service: tokens.service,
        issuer: tokens.issuer,
        rootCertBundlePath: tokens.certificate.certPath,
      },
    });
    pusher = new ImagePusher({
      url: registry.url,
      authorization: `Bearer ${tokens.mint([{ type: 'repository', name: 'secure/app', actions: ['pull', 'push'] }])}`,
    });
    await pusher.pushImage({
      repository: 'secure/app',
      tags: ['v1', 'v2'],
      createdAt: new Date('2024-05-01T00:00:00Z'),
    });
  });
  afterAll(async () => {
    pusher?.close();
    await registry?.stop();
    await tokens?.stop();
  });

  it('answers the challenge, fetches one token per scope and reuses it', async () => {
    tokens.requests.length = 0;
    const client = new OciRegistryClient({
      endpoint: registry.url,
      credentials: { username: 'alice', password: 'correct horse' },
    });
    expect(await collect(client.listRepositories())).toEqual(['secure/app']);
    const manifests = await collect(client.listManifests('secure/app'));
    expect(manifests[0]).toMatchObject({ tags: ['v1', 'v2'], createdAt: new Date('2024-05-01T00:00:00Z') });
    await client.getManifest('secure/app', 'v1');
    expect(await client.deleteManifest('secure/app', manifests[0].digest)).toBe('deleted');
    expect(tokens.requests.map((r) => [r.scope.join(' '), r.user, r.status])).toEqual([
      ['registry:catalog:*', 'alice', 200],
      ['repository:secure/app:pull', 'alice', 200],
      ['repository:secure/app:delete', 'alice', 200],
    ]);
  });

  it('fails with a typed 401 and no password in the message when credentials are wrong', async () => {
    const client = new OciRegistryClient({
      endpoint: registry.url,
      credentials: { username: 'alice', password: 'wrong-password-123' },
    });
    const error = (await collect(client.listRepositories()).catch((e: unknown) => e)) as RegistryError;
    expect(error).toBeInstanceOf(RegistryError);
    expect(error.status).toBe(401);
    expect(error.message).not.toContain('wrong-password-123');
  });

  it('anonymous clients get an anonymous token that the registry accepts only as far as it grants', async () => {
    const client = new OciRegistryClient({ endpoint: registry.url });
    await expect(collect(client.listRepositories())).rejects.toMatchObject({ status: 401 });
  });
});
