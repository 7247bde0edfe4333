/**
 * ACR provider (@azure/container-registry + @azure/arm-containerregistry) against a FAKE ACR/ARM
 * (test/helpers/registry/fake-acr.ts): /acr/v1, the ACR token exchange and ARM are faked from their
 * documented shapes; /v2 is a REAL docker-registry behind the fake's HTTPS endpoint.
 * The Azure credential is a test TokenCredential (no Microsoft Entra ID here).
 */
import { jest } from '@jest/globals';
import type { TokenCredential } from '@azure/core-auth';
import { AcrRegistryClient } from '../../../src/registry/acr/client.js';
import { ArmRegistryManagement } from '../../../src/registry/acr/management.js';
import { OCI_INDEX } from '../../../src/registry/oci/media-types.js';
import { getRegistryUsage } from '../../../src/registry/read-operations.js';
import type { ManifestInfo } from '../../../src/registry/types.js';
import { FAKE_AAD_TOKEN, startFakeAcr, type FakeAcr } from '../../helpers/registry/fake-acr.js';
import { collect } from '../../helpers/registry/collect.js';
import { ImagePusher, type PushedManifest } from '../../helpers/registry/image-pusher.js';
import { startLocalRegistry, type LocalRegistry } from '../../helpers/registry/local-registry.js';

jest.setTimeout(45_000);

const credential: TokenCredential = {
  getToken: async () => ({ token: FAKE_AAD_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }),
};

describe('ACR provider against the FAKE ACR (+ real /v2)', () => {
  let registry: LocalRegistry;
  let acr: FakeAcr;
  let pusher: ImagePusher;
  let client: AcrRegistryClient;
  let management: ArmRegistryManagement;
  let tagged: PushedManifest;
  let overwritten: PushedManifest;
  let multi: { index: PushedManifest; children: PushedManifest[] };
  let sbom: PushedManifest;

  beforeAll(async () => {
    registry = await startLocalRegistry();
    acr = await startFakeAcr({ upstreamUrl: registry.url });
    pusher = new ImagePusher({ url: registry.url });
    overwritten = await pusher.pushImage({
      repository: 'hello',
      tags: ['latest'],
      createdAt: new Date('2024-01-01T00:00:00Z'),
    });
    tagged = await pusher.pushImage({
      repository: 'hello',
      tags: ['latest', 'v2'],
      createdAt: new Date('2024-02-01T00:00:00Z'),
    });
    multi = await pusher.pushIndex({
      repository: 'hello',
      tags: ['multi'],
      images: [
        { architecture: 'amd64', createdAt: new Date() },
        { architecture: 'arm64', createdAt: new Date() },
      ],
    });
    sbom = await pusher.pushReferrer({ repository: 'hello', subject: tagged });
    // What ACR knows and plain Distribution cannot list: the untagged manifests.
    acr.remember('hello', overwritten.digest, new Date('2024-01-01T00:00:00Z'));
    for (const child of multi.children) acr.remember('hello', child.digest);
    acr.remember('hello', sbom.digest);
    for (const name of ['alpha', 'beta', 'gamma'])
      await pusher.pushImage({ repository: name, tags: ['1'], createdAt: new Date() });
    const tlsOptions = { ca: acr.certificate.certPem };
    management = new ArmRegistryManagement({
      credential,
      subscriptionId: '00000000-0000-0000-0000-000000000000',
      resourceGroup: 'rg-fake',
      registryName: 'fakeregistry',
      armEndpoint: acr.armUrl,
      clientOptions: { tlsOptions },
    });
    client = new AcrRegistryClient({ endpoint: acr.url, credential, management, clientOptions: { tlsOptions } });
  });
  afterAll(async () => {
    pusher?.close();
    await acr?.stop();
    await registry?.stop();
  });

  it('lists repositories through /acr/v1/_catalog after the AAD → refresh → access token exchange', async () => {
    acr.log.length = 0;
    expect(await collect(client.listRepositories())).toEqual(['alpha', 'beta', 'gamma', 'hello']);
    expect(acr.log).toEqual(
      expect.arrayContaining(['POST /oauth2/exchange', 'POST /oauth2/token', 'GET /acr/v1/_catalog']),
    );
  });

  it('lists every manifest, untagged ones included, with media type, subject, children and locks', async () => {
    expect(client.canListUntagged).toBe(true);
    acr.log.length = 0;
    const paged = new AcrRegistryClient({
      endpoint: acr.url,
      credential,
      pageSize: 2,
      clientOptions: { tlsOptions: { ca: acr.certificate.certPem } },
    });
    const manifests = await collect(paged.listManifests('hello'));
    // 6 manifests at n=2: the first request is answered with the 401 challenge, then three pages via Link.
    expect(acr.log.filter((l) => l === 'GET /acr/v1/hello/_manifests')).toHaveLength(4);
    expect(await collect(paged.listRepositories())).toEqual(['alpha', 'beta', 'gamma', 'hello']);
    const byDigest = new Map<string, ManifestInfo>(manifests.map((m) => [m.digest, m]));
    expect(manifests).toHaveLength(6);
    expect(byDigest.get(overwritten.digest)).toMatchObject({
      tags: [],
      createdAt: new Date('2024-01-01T00:00:00Z'),
      lock: { deleteEnabled: true, writeEnabled: true },
    });
    expect(byDigest.get(tagged.digest)).toMatchObject({ tags: ['latest', 'v2'], sizeInBytes: tagged.sizeInBytes });
    expect(byDigest.get(multi.index.digest)).toMatchObject({
      mediaType: OCI_INDEX,
      tags: ['multi'],
      children: multi.children.map((c) => c.digest),
    });
    expect(byDigest.get(sbom.digest)).toMatchObject({ tags: [], subject: tagged.digest });
  });

  it('gets a manifest by tag or digest, maps lock attributes, and deletes: locked → locked, then deleted, then not-found', async () => {
    expect(await client.getManifest('hello', 'v2')).toMatchObject({ digest: tagged.digest, tags: ['latest', 'v2'] });
    expect(await client.getManifest('hello', `sha256:${'1'.repeat(64)}`)).toBeNull();
    acr.setLock('hello', overwritten.digest, { deleteEnabled: false, writeEnabled: false });
    expect((await client.getManifest('hello', overwritten.digest))?.lock).toEqual({
      deleteEnabled: false,
      writeEnabled: false,
    });
    expect(await client.deleteManifest('hello', overwritten.digest)).toBe('locked');
    acr.setLock('hello', overwritten.digest, { deleteEnabled: true });
    expect(await client.deleteManifest('hello', overwritten.digest)).toBe('deleted');
    expect(await client.deleteManifest('hello', overwritten.digest)).toBe('not-found');
    expect((await collect(client.listManifests('hello'))).map((m) => m.digest)).not.toContain(overwritten.digest);
  });

  it('management: registry properties, usage vs quota, task runs list/cancel, admin user disable', async () => {
    expect(await management.getRegistry()).toMatchObject({
      name: 'fakeregistry',
      sku: 'Standard',
      adminUserEnabled: true,
      loginServer: acr.host,
    });
    const usage = await getRegistryUsage(client);
    expect(usage).toMatchObject({
      available: true,
      percentUsed: 70,
      usage: { usedInBytes: 7 * 1024 ** 3, quotaInBytes: 10 * 1024 ** 3 },
    });
    expect(usage.available && usage.usage.other).toEqual([{ name: 'Webhooks', current: 2, limit: 10, unit: 'Count' }]);
    expect((await management.listTaskRuns({ statuses: ['Running', 'Queued'] })).map((r) => r.runId)).toEqual(['ca1']);
    await management.cancelTaskRun('ca1');
    expect(acr.arm.runs.find((r) => r.runId === 'ca1')?.status).toBe('Canceled');
    await expect(management.cancelTaskRun('nope')).rejects.toMatchObject({ status: 404 });
    await expect(management.cancelTaskRun('../x')).rejects.toMatchObject({ code: 'BAD_RUN_ID' });
    const after = await management.disableAdminUser();
    expect(after.adminUserEnabled).toBe(false);
    expect(acr.arm.adminUserEnabled).toBe(false);
    expect(JSON.stringify(after)).not.toMatch(/password/i);
  });

  it('a credential the fake rejects surfaces as a typed error', async () => {
    const bad: TokenCredential = {
      getToken: async () => ({ token: 'wrong', expiresOnTimestamp: Date.now() + 3_600_000 }),
    };
    const rejected = new AcrRegistryClient({
      endpoint: acr.url,
      credential: bad,
      clientOptions: { tlsOptions: { ca: acr.certificate.certPem }, retryOptions: { maxRetries: 0 } },
    });
    await expect(collect(rejected.listRepositories())).rejects.toMatchObject({ name: 'RegistryError', status: 401 });
  });
});
