/**
 * FAKE Azure Container Registry + FAKE Azure Resource Manager, for tests only. Nothing here is Azure.
 *
 * Only the parts that cannot run locally are faked: ACR's `/acr/v1/…` metadata API, its token endpoints
 * (`/oauth2/exchange`, `/oauth2/token`) and the ARM endpoints our RegistryManagement uses. Response
 * shapes follow the documented REST schemas as the `@azure/container-registry` and
 * `@azure/arm-containerregistry` SDKs deserialize them (Repositories, AcrManifests/ManifestAttributesBase,
 * ArtifactTagProperties, AcrRefreshToken/AcrAccessToken, Registry, RegistryUsageListResult, Run).
 *
 * `/v2/…` is NOT faked: it is proxied to a REAL docker-registry (after the fake's ACR token check), so
 * manifest bodies, digests and deletes are the real thing. The fake's manifest listing is derived from
 * that registry plus a ledger of digests the test reports (plain Distribution cannot list untagged ones).
 */
import { randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSelfSignedCertificate, type SelfSignedCertificate } from './tls.js';

export const FAKE_AAD_TOKEN = 'fake-aad-access-token';
const ACCEPT =
  'application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json';

export interface FakeAcrOptions {
  /** Base URL of the real docker-registry that serves /v2 (plain http on loopback). */
  upstreamUrl: string;
  registryName?: string;
  subscriptionId?: string;
  resourceGroup?: string;
}

interface Attributes {
  deleteEnabled: boolean;
  writeEnabled: boolean;
  readEnabled: boolean;
  listEnabled: boolean;
}

export interface FakeAcr {
  url: string;
  host: string;
  certificate: SelfSignedCertificate;
  /** ARM base URL served by the same fake. */
  armUrl: string;
  /** Tell the fake about a manifest (e.g. an untagged one) and its ACR createdTime. */
  remember(repository: string, digest: string, createdTime?: Date): void;
  setLock(repository: string, digest: string, attributes: Partial<Attributes>): void;
  /** ARM state the tests can inspect/modify. */
  arm: {
    adminUserEnabled: boolean;
    usedBytes: number;
    quotaBytes: number;
    runs: Array<{ runId: string; status: string; createTime: string }>;
  };
  /** Requests seen, as "METHOD path" (for asserting the token flow). */
  log: string[];
  stop(): Promise<void>;
}

export async function startFakeAcr(options: FakeAcrOptions): Promise<FakeAcr> {
  const directory = mkdtempSync(join(tmpdir(), 'acr-chatops-fake-acr-'));
  const certificate = createSelfSignedCertificate({ directory, commonName: 'fake-acr.localhost' });
  const registryName = options.registryName ?? 'fakeregistry';
  const subscriptionId = options.subscriptionId ?? '00000000-0000-0000-0000-000000000000';
  const resourceGroup = options.resourceGroup ?? 'rg-fake';
  const upstream = new URL(options.upstreamUrl);
  const ledger = new Map<string, Map<string, Date>>();
  const locks = new Map<string, Attributes>();
  const refreshTokens = new Set<string>();
  const accessTokens = new Set<string>();
  const log: string[] = [];
  const arm = {
    adminUserEnabled: true,
    usedBytes: 7 * 1024 ** 3,
    quotaBytes: 10 * 1024 ** 3,
    runs: [
      { runId: 'ca1', status: 'Running', createTime: '2024-05-01T10:00:00Z' },
      { runId: 'ca2', status: 'Succeeded', createTime: '2024-05-01T09:00:00Z' },
    ],
  };
  let host = '';

  const remember = (repository: string, digest: string, createdTime?: Date) => {
    const repo = ledger.get(repository) ?? new Map<string, Date>();
    if (!repo.has(digest) || createdTime) repo.set(digest, createdTime ?? new Date());
    ledger.set(repository, repo);
  };
  const attributesOf = (repository: string, digest: string): Attributes =>
    locks.get(`${repository}@${digest}`) ?? {
      deleteEnabled: true,
      writeEnabled: true,
      readEnabled: true,
      listEnabled: true,
    };

  const upstreamCall = (method: string, path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>((resolve, reject) => {
      const req = httpRequest(new URL(path, upstream), { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      });
      req.on('error', reject);
      req.end();
    });

  /** ManifestAttributesBase for every live manifest of a repository (tags from the real registry). */
  const manifestsOf = async (repository: string) => {
    const tagList = await upstreamCall('GET', `/v2/${repository}/tags/list`);
    const tags: string[] = tagList.status === 200 ? (JSON.parse(tagList.body.toString()).tags ?? []) : [];
    const tagsByDigest = new Map<string, string[]>();
    for (const tag of tags) {
      const head = await upstreamCall('HEAD', `/v2/${repository}/manifests/${tag}`, { Accept: ACCEPT });
      const digest = String(head.headers['docker-content-digest']);
      remember(repository, digest);
      tagsByDigest.set(digest, [...(tagsByDigest.get(digest) ?? []), tag]);
    }
    const result = [];
    for (const [digest, created] of [...(ledger.get(repository) ?? new Map<string, Date>())].sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      const got = await upstreamCall('GET', `/v2/${repository}/manifests/${digest}`, { Accept: ACCEPT });
      if (got.status !== 200) continue;
      const body = JSON.parse(got.body.toString());
      const blobs = [body.config, ...(body.layers ?? [])]
        .filter(Boolean)
        .reduce((s: number, d: { size: number }) => s + d.size, 0);
      result.push({
        digest,
        imageSize: got.body.length + blobs,
        createdTime: created.toISOString(),
        lastUpdateTime: created.toISOString(),
        mediaType: body.mediaType,
        ...(body.manifests
          ? {
              references: body.manifests.map(
                (m: { digest: string; platform?: { architecture?: string; os?: string } }) => ({
                  digest: m.digest,
                  architecture: m.platform?.architecture,
                  os: m.platform?.os,
                }),
              ),
            }
          : {}),
        tags: (tagsByDigest.get(digest) ?? []).sort(),
        changeableAttributes: attributesOf(repository, digest),
      });
    }
    return result;
  };

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res
      .writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers })
      .end(body === undefined ? '' : JSON.stringify(body));
  };
  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString()));
      req.on('end', () => resolve(data));
    });
  const page = <T>(items: T[], key: (t: T) => string, url: URL, path: string, extra = '') => {
    const n = Number(url.searchParams.get('n') ?? 100);
    const last = url.searchParams.get('last');
    const start = last ? items.findIndex((i) => key(i) > last) : 0;
    const slice = start < 0 ? [] : items.slice(start, start + n);
    const more = start >= 0 && start + n < items.length;
    const link: Record<string, string> = more
      ? { Link: `<${path}?last=${encodeURIComponent(key(slice[slice.length - 1]))}&n=${n}${extra}>; rel="next"` }
      : {};
    return { slice, link };
  };

  const challenge = (res: ServerResponse, scope: string) =>
    json(
      res,
      401,
      { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] },
      {
        'WWW-Authenticate': `Bearer realm="https://${host}/oauth2/token",service="${host}",scope="${scope}"`,
      },
    );

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', `https://${host}`);
    const path = decodeURIComponent(url.pathname); // the SDK encodes "/" in names and ":" in digests
    log.push(`${req.method} ${path}`);
    const bearer = req.headers.authorization?.startsWith('Bearer ') ? req.headers.authorization.slice(7) : undefined;

    // ---- ACR token endpoints (form-encoded POSTs) ----
    if (path === '/oauth2/exchange' && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      if (form.get('grant_type') !== 'access_token' || form.get('access_token') !== FAKE_AAD_TOKEN)
        return json(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'invalid AAD token' }] });
      const refresh = fakeJwt('refresh');
      refreshTokens.add(refresh);
      return json(res, 200, { refresh_token: refresh });
    }
    if (path === '/oauth2/token' && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      if (form.get('grant_type') !== 'refresh_token' || !refreshTokens.has(form.get('refresh_token') ?? ''))
        return json(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'invalid refresh token' }] });
      const access = fakeJwt('access');
      accessTokens.add(access);
      return json(res, 200, { access_token: access });
    }

    // ---- ARM (management plane) ----
    const armBase = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${registryName}`;
    if (path.startsWith('/subscriptions/')) {
      if (bearer !== FAKE_AAD_TOKEN)
        return json(res, 401, { error: { code: 'AuthenticationFailed', message: 'no token' } });
      if (!path.startsWith(armBase))
        return json(res, 404, { error: { code: 'ResourceNotFound', message: 'not found' } });
      const rest = path.slice(armBase.length);
      const registry = () => ({
        id: armBase,
        name: registryName,
        type: 'Microsoft.ContainerRegistry/registries',
        location: 'westeurope',
        sku: { name: 'Standard', tier: 'Standard' },
        properties: {
          loginServer: host,
          provisioningState: 'Succeeded',
          adminUserEnabled: arm.adminUserEnabled,
          creationDate: '2024-01-01T00:00:00Z',
        },
      });
      if (rest === '' && req.method === 'GET') return json(res, 200, registry());
      if (rest === '' && req.method === 'PATCH') {
        const body = JSON.parse((await readBody(req)) || '{}');
        if (typeof body.properties?.adminUserEnabled === 'boolean')
          arm.adminUserEnabled = body.properties.adminUserEnabled;
        return json(res, 200, registry());
      }
      if (rest === '/listUsages' && req.method === 'GET') {
        return json(res, 200, {
          value: [
            { name: 'Size', limit: arm.quotaBytes, currentValue: arm.usedBytes, unit: 'Bytes' },
            { name: 'Webhooks', limit: 10, currentValue: 2, unit: 'Count' },
          ],
        });
      }
      if (rest === '/runs' && req.method === 'GET') {
        const filter = url.searchParams.get('$filter') ?? '';
        const wanted = [...filter.matchAll(/status eq '([^']+)'/g)].map((m) => m[1]);
        const runs = arm.runs.filter((r) => !wanted.length || wanted.includes(r.status));
        return json(res, 200, {
          value: runs.map((r) => ({
            id: `${armBase}/runs/${r.runId}`,
            name: r.runId,
            type: 'Microsoft.ContainerRegistry/registries/runs',
            properties: { runId: r.runId, status: r.status, runType: 'QuickRun', createTime: r.createTime },
          })),
        });
      }
      const cancel = /^\/runs\/([^/]+)\/cancel$/.exec(rest);
      if (cancel && req.method === 'POST') {
        const run = arm.runs.find((r) => r.runId === cancel[1]);
        if (!run) return json(res, 404, { error: { code: 'ResourceNotFound', message: 'run not found' } });
        run.status = 'Canceled';
        return json(res, 200, undefined);
      }
      return json(res, 404, {
        error: { code: 'NotFound', message: `fake ARM does not implement ${req.method} ${rest}` },
      });
    }

    // ---- data plane: everything needs an ACR access token ----
    if (!bearer || !accessTokens.has(bearer)) {
      const repo = /^\/(?:acr\/v1|v2)\/(.+?)\/(?:_manifests|_tags|manifests|tags|blobs)/.exec(path)?.[1];
      return challenge(
        res,
        repo ? `repository:${repo}:${req.method === 'DELETE' ? 'delete' : 'metadata_read'}` : 'registry:catalog:*',
      );
    }
    if (path === '/acr/v1/_catalog') {
      const all = JSON.parse((await upstreamCall('GET', '/v2/_catalog?n=1000')).body.toString()).repositories ?? [];
      const { slice, link } = page<string>(all, (r) => r, url, '/acr/v1/_catalog');
      return json(res, 200, { repositories: slice }, link);
    }
    const list = /^\/acr\/v1\/(.+)\/_manifests$/.exec(path);
    if (list && req.method === 'GET') {
      const items = await manifestsOf(list[1]);
      const { slice, link } = page(items, (m) => m.digest, url, `/acr/v1/${list[1]}/_manifests`);
      return json(res, 200, { registry: host, imageName: list[1], manifests: slice }, link);
    }
    const one = /^\/acr\/v1\/(.+)\/_manifests\/(sha256:[a-f0-9]{64})$/.exec(path);
    if (one) {
      const [, repository, digest] = one;
      if (req.method === 'PATCH') {
        const body = JSON.parse((await readBody(req)) || '{}');
        locks.set(`${repository}@${digest}`, { ...attributesOf(repository, digest), ...body });
      }
      const manifest = (await manifestsOf(repository)).find((m) => m.digest === digest);
      if (!manifest) return json(res, 404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] });
      return json(res, 200, { registry: host, imageName: repository, manifest });
    }
    const tag = /^\/acr\/v1\/(.+)\/_tags\/([^/]+)$/.exec(path);
    if (tag && req.method === 'GET') {
      const manifest = (await manifestsOf(tag[1])).find((m) => m.tags.includes(decodeURIComponent(tag[2])));
      if (!manifest) return json(res, 404, { errors: [{ code: 'TAG_UNKNOWN', message: 'tag unknown' }] });
      return json(res, 200, {
        registry: host,
        imageName: tag[1],
        tag: {
          name: decodeURIComponent(tag[2]),
          digest: manifest.digest,
          createdTime: manifest.createdTime,
          lastUpdateTime: manifest.lastUpdateTime,
          changeableAttributes: manifest.changeableAttributes,
        },
      });
    }
    const del = /^\/v2\/(.+)\/manifests\/(sha256:[a-f0-9]{64})$/.exec(path);
    if (del && req.method === 'DELETE' && !attributesOf(del[1], del[2]).deleteEnabled) {
      return json(res, 405, {
        errors: [
          {
            code: 'UNSUPPORTED',
            message: 'The operation is unsupported: the manifest is locked (deleteEnabled=false).',
          },
        ],
      });
    }
    if (path.startsWith('/v2/')) {
      // REAL registry behind the fake's token check.
      const headers: Record<string, string> = {};
      for (const name of ['accept', 'content-type', 'content-length'])
        if (req.headers[name]) headers[name] = String(req.headers[name]);
      const up = httpRequest(new URL(path + url.search, upstream), { method: req.method, headers }, (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      });
      up.on('error', () =>
        json(res, 502, { errors: [{ code: 'UNAVAILABLE', message: 'upstream registry unreachable' }] }),
      );
      req.pipe(up);
      return;
    }
    return json(res, 404, {
      errors: [{ code: 'NOT_FOUND', message: `fake ACR does not implement ${req.method} ${path}` }],
    });
  };

  const server: Server = createServer({ cert: certificate.certPem, key: certificate.keyPem }, (req, res) => {
    handle(req, res).catch((error: Error) =>
      json(res, 500, { errors: [{ code: 'FAKE_ERROR', message: error.message }] }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  host = `127.0.0.1:${port}`;
  return {
    url: `https://${host}`,
    host,
    certificate,
    armUrl: `https://${host}`,
    remember,
    setLock: (repository, digest, attributes) =>
      locks.set(`${repository}@${digest}`, { ...attributesOf(repository, digest), ...attributes }),
    arm,
    log,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** ACR tokens are JWTs; the SDK reads `exp` from the refresh token. Unsigned: the fake only checks set membership. */
function fakeJwt(kind: string): string {
  const part = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ kind, exp: Math.floor(Date.now() / 1000) + 3600, jti: randomBytes(8).toString('hex') })}.fake`;
}
