/**
 * Pushes synthetic images to a registry through the Distribution HTTP API (no Docker needed):
 * blob upload (POST → 202 Location, PUT ?digest= → 201), manifest PUT. Images get the config
 * `created` time the test chooses; identical blobs are uploaded once per repository.
 * Node's http(s) module with a keep-alive agent: fast, and it trusts a test CA without env vars.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import pLimit from 'p-limit';

export const MEDIA = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const;

export interface ImagePusherOptions {
  /** Registry base URL (http://127.0.0.1:PORT). */
  url: string;
  /** PEM of a CA to trust (self-signed test registry). */
  caPem?: string;
  /** Full Authorization header value to send on every request (e.g. a test-minted bearer token). */
  authorization?: string;
  /** Parallel requests for pushMany. Default 16. */
  concurrency?: number;
}

export interface PushImageOptions {
  repository: string;
  tags?: string[];
  createdAt: Date;
  format?: 'oci' | 'docker';
  architecture?: string;
  /** Adds a layer of this many unique random bytes (so sizes differ); default: only the shared layer. */
  uniqueLayerBytes?: number;
  /** Extra annotation/label to make otherwise identical images distinct. */
  label?: string;
}

export interface PushedManifest {
  repository: string;
  digest: string;
  mediaType: string;
  /** Bytes of the manifest body. */
  manifestBytes: number;
  /** Manifest + config + layers (what the client should report for an image). */
  sizeInBytes: number;
  tags: string[];
}

export interface PushIndexOptions {
  repository: string;
  tags?: string[];
  format?: 'oci' | 'docker';
  images: Array<{ architecture: string; createdAt: Date }>;
}

export interface PushReferrerOptions {
  repository: string;
  subject: PushedManifest;
  artifactType?: string;
  tags?: string[];
  payload?: string;
}

interface HttpResult {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

const SHARED_LAYER = Buffer.from('acr-chatops shared synthetic layer\n'.repeat(64));

export class ImagePusher {
  private readonly base: URL;
  private readonly agent: HttpAgent;
  private readonly uploaded = new Map<string, Promise<void>>();
  readonly concurrency: number;

  constructor(private readonly options: ImagePusherOptions) {
    this.base = new URL(options.url);
    this.concurrency = options.concurrency ?? 16;
    const agentOptions = { keepAlive: true, maxSockets: this.concurrency };
    this.agent =
      this.base.protocol === 'https:'
        ? new HttpsAgent({ ...agentOptions, ca: options.caPem })
        : new HttpAgent(agentOptions);
  }

  close(): void {
    this.agent.destroy();
  }

  async pushImage(image: PushImageOptions): Promise<PushedManifest> {
    const docker = image.format === 'docker';
    const layers = [{ bytes: SHARED_LAYER }];
    if (image.uniqueLayerBytes) layers.push({ bytes: randomBytes(image.uniqueLayerBytes) });
    const config = Buffer.from(
      JSON.stringify({
        created: image.createdAt.toISOString(),
        architecture: image.architecture ?? 'amd64',
        os: 'linux',
        config: { Labels: { 'acr-chatops.test': image.label ?? randomBytes(6).toString('hex') } },
        rootfs: { type: 'layers', diff_ids: layers.map((l) => sha256(l.bytes)) },
      }),
    );
    const configDescriptor = await this.blob(image.repository, config, docker ? MEDIA.dockerConfig : MEDIA.ociConfig);
    const layerDescriptors = await Promise.all(
      layers.map((l) => this.blob(image.repository, l.bytes, docker ? MEDIA.dockerLayer : MEDIA.ociLayer)),
    );
    const mediaType = docker ? MEDIA.dockerManifest : MEDIA.ociManifest;
    const manifest = { schemaVersion: 2, mediaType, config: configDescriptor, layers: layerDescriptors };
    const pushed = await this.putManifest(image.repository, manifest, mediaType, image.tags ?? []);
    const blobBytes = configDescriptor.size + layerDescriptors.reduce((s, d) => s + d.size, 0);
    return { ...pushed, sizeInBytes: pushed.manifestBytes + blobBytes };
  }

  /** Multi-arch index: children are pushed by digest (untagged), the index gets the tags. */
  async pushIndex(index: PushIndexOptions): Promise<{ index: PushedManifest; children: PushedManifest[] }> {
    const docker = index.format === 'docker';
    const children = await Promise.all(
      index.images.map((img) =>
        this.pushImage({
          repository: index.repository,
          createdAt: img.createdAt,
          architecture: img.architecture,
          format: index.format,
        }),
      ),
    );
    const mediaType = docker ? MEDIA.dockerList : MEDIA.ociIndex;
    const body = {
      schemaVersion: 2,
      mediaType,
      manifests: children.map((c, i) => ({
        mediaType: c.mediaType,
        digest: c.digest,
        size: c.manifestBytes,
        platform: { architecture: index.images[i].architecture, os: 'linux' },
      })),
    };
    const pushed = await this.putManifest(index.repository, body, mediaType, index.tags ?? []);
    return { index: { ...pushed, sizeInBytes: pushed.manifestBytes }, children };
  }

  /** An OCI artifact (e.g. an SBOM) whose `subject` is another manifest: what `oras attach` makes. */
  async pushReferrer(referrer: PushReferrerOptions): Promise<PushedManifest> {
    const empty = await this.blob(referrer.repository, Buffer.from('{}'), MEDIA.ociEmpty);
    const payload = await this.blob(
      referrer.repository,
      Buffer.from(referrer.payload ?? `{"sbom":"${randomBytes(4).toString('hex')}"}`),
      'application/json',
    );
    const body = {
      schemaVersion: 2,
      mediaType: MEDIA.ociManifest,
      artifactType: referrer.artifactType ?? 'application/vnd.example.sbom',
      config: empty,
      layers: [payload],
      subject: {
        mediaType: referrer.subject.mediaType,
        digest: referrer.subject.digest,
        size: referrer.subject.manifestBytes,
      },
      annotations: { 'org.opencontainers.image.created': new Date().toISOString() },
    };
    const pushed = await this.putManifest(referrer.repository, body, MEDIA.ociManifest, referrer.tags ?? []);
    return { ...pushed, sizeInBytes: pushed.manifestBytes + empty.size + payload.size };
  }

  /** Pushes many images with bounded parallelism (benchmarks: thousands of images). */
  async pushMany(images: PushImageOptions[]): Promise<PushedManifest[]> {
    const limit = pLimit(this.concurrency);
    return Promise.all(images.map((img) => limit(() => this.pushImage(img))));
  }

  /** Points an existing manifest at another tag (re-tag) by re-PUTting its bytes. */
  async tag(repository: string, digest: string, tag: string): Promise<void> {
    const got = await this.http('GET', `/v2/${repository}/manifests/${digest}`, {
      headers: { Accept: [MEDIA.ociManifest, MEDIA.ociIndex, MEDIA.dockerManifest, MEDIA.dockerList].join(', ') },
    });
    expectStatus(got, [200], 'manifest GET');
    const put = await this.http('PUT', `/v2/${repository}/manifests/${encodeURIComponent(tag)}`, {
      headers: { 'Content-Type': String(got.headers['content-type']) },
      body: Buffer.from(got.body),
    });
    expectStatus(put, [201], 'manifest PUT');
  }

  private async blob(
    repository: string,
    bytes: Buffer,
    mediaType: string,
  ): Promise<{ mediaType: string; digest: string; size: number }> {
    const digest = sha256(bytes);
    const key = `${repository}@${digest}`;
    let upload = this.uploaded.get(key);
    if (!upload) {
      upload = this.uploadBlob(repository, bytes, digest);
      this.uploaded.set(key, upload);
      upload.catch(() => this.uploaded.delete(key));
    }
    await upload;
    return { mediaType, digest, size: bytes.length };
  }

  private async uploadBlob(repository: string, bytes: Buffer, digest: string): Promise<void> {
    const start = await this.http('POST', `/v2/${repository}/blobs/uploads/`, { headers: { 'Content-Length': '0' } });
    expectStatus(start, [202], 'blob upload start');
    const location = new URL(String(start.headers.location), this.base);
    location.searchParams.set('digest', digest);
    const put = await this.http('PUT', location.pathname + location.search, {
      headers: { 'Content-Type': 'application/octet-stream' },
      body: bytes,
    });
    expectStatus(put, [201], 'blob upload');
  }

  private async putManifest(
    repository: string,
    manifest: object,
    mediaType: string,
    tags: string[],
  ): Promise<Omit<PushedManifest, 'sizeInBytes'>> {
    const body = Buffer.from(JSON.stringify(manifest));
    const digest = sha256(body);
    // Untagged: PUT by digest. Tagged: one PUT per tag (same bytes, same digest).
    const references = tags.length ? tags : [digest];
    for (const reference of references) {
      const put = await this.http('PUT', `/v2/${repository}/manifests/${encodeURIComponent(reference)}`, {
        headers: { 'Content-Type': mediaType },
        body,
      });
      expectStatus(put, [201], 'manifest PUT');
      if (put.headers['docker-content-digest'] !== digest)
        throw new Error(`registry computed ${String(put.headers['docker-content-digest'])}, expected ${digest}`);
    }
    return { repository, digest, mediaType, manifestBytes: body.length, tags: [...tags] };
  }

  http(
    method: string,
    path: string,
    init: { headers?: Record<string, string>; body?: Buffer } = {},
  ): Promise<HttpResult> {
    const url = new URL(path, this.base);
    const send = this.base.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { ...init.headers };
      if (this.options.authorization) headers.Authorization = this.options.authorization;
      if (init.body) headers['Content-Length'] = String(init.body.length);
      const req = send(url, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(init.body);
    });
  }
}

export function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function expectStatus(result: HttpResult, expected: number[], what: string): void {
  if (!expected.includes(result.status)) throw new Error(`${what}: HTTP ${result.status} ${result.body.slice(0, 300)}`);
}
