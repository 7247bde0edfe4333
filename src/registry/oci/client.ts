/**
 * RegistryClient for any registry speaking the Docker Registry HTTP API V2 / OCI Distribution spec
 * (Distribution `registry:2`, Harbor, GHCR, ACR's /v2 endpoint…).
 */
import pLimit from 'p-limit';
import { RegistryError, parseRegistryErrorBody, parseRetryAfter, redactUrl } from '../errors.js';
import type {
  DeleteOutcome,
  ListOptions,
  ManifestInfo,
  RegistryClient,
  RegistryClientExtras,
  RegistryUsage,
} from '../types.js';
import { OciAuthenticator, type BasicCredentials } from './auth.js';
import { timedFetch, type FetchLike } from './http.js';
import { nextPageUrl } from './link-header.js';
import {
  MANIFEST_ACCEPT,
  isImageConfigMediaType,
  isIndexMediaType,
  manifestSizeInBytes,
  parseManifest,
  type ParsedManifest,
} from './media-types.js';
import { parseWwwAuthenticate, repositoryScope } from './www-authenticate.js';

export const OCI_UNTAGGED_REASON =
  'The OCI Distribution API has no call that lists untagged manifests (only tags can be listed), ' +
  'so untagged manifests of this registry cannot be found or purged. ACR can: use an acr: registry.';

export interface OciRegistryClientOptions {
  /** e.g. https://registry.example.com or http://127.0.0.1:5000 (scheme defaults to https). */
  endpoint: string;
  /** Basic credentials; also sent to the token realm of a bearer challenge. Absent: anonymous. */
  credentials?: BasicCredentials;
  /** Per HTTP request. Default 30 000. */
  timeoutInMs?: number;
  /** Page size asked for with `?n=` on catalog and tag lists. Default 100. */
  pageSize?: number;
  /** Parallel manifest/config fetches while listing. Default 8. */
  concurrency?: number;
  /** Injected fetch (tests, proxies). Default: Node's global fetch. TLS trust: NODE_EXTRA_CA_CERTS. */
  fetch?: FetchLike;
  userAgent?: string;
}

export interface RequestOptions extends ListOptions {
  headers?: Record<string, string>;
  /** Scope for the bearer token; defaults from the path and method. */
  scope?: string;
}

/** What a manifest GET told us; cached by digest (manifests are immutable). */
interface ManifestFacts {
  digest: string;
  parsed: ParsedManifest;
  sizeInBytes: number;
  createdAt?: Date;
}

const DIGEST_PATTERN = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const FACTS_CACHE_LIMIT = 20_000;

export class OciRegistryClient implements RegistryClient, RegistryClientExtras {
  readonly kind = 'oci' as const;
  readonly endpoint: string;
  readonly canListUntagged = false;
  readonly untaggedUnsupportedReason = OCI_UNTAGGED_REASON;
  private readonly fetchImpl: FetchLike;
  private readonly timeoutInMs: number;
  private readonly pageSize: number;
  private readonly concurrency: number;
  private readonly auth: OciAuthenticator;
  private readonly userAgent: string;
  private readonly facts = new Map<string, Promise<ManifestFacts>>();

  constructor(options: OciRegistryClientOptions) {
    const withScheme = /^[a-z]+:\/\//i.test(options.endpoint) ? options.endpoint : `https://${options.endpoint}`;
    const url = new URL(withScheme);
    if (url.username || url.password)
      throw new RegistryError('put credentials in options.credentials, not in the registry URL', {
        code: 'BAD_ENDPOINT',
      });
    this.endpoint = url.origin;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.timeoutInMs = options.timeoutInMs ?? 30_000;
    this.pageSize = options.pageSize ?? 100;
    this.concurrency = options.concurrency ?? 8;
    this.userAgent = options.userAgent ?? 'acr-chatops';
    this.auth = new OciAuthenticator({
      credentials: options.credentials,
      fetch: this.fetchImpl,
      timeoutInMs: this.timeoutInMs,
    });
  }

  /**
   * One authenticated request. Pre-emptively sends the token/basic header once the scheme is known;
   * on 401 answers the challenge and retries once. Non-2xx other than those in `okStatuses` throw.
   */
  async request(
    method: string,
    pathOrUrl: string,
    options: RequestOptions = {},
    okStatuses: number[] = [],
  ): Promise<Response> {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${this.endpoint}${pathOrUrl}`;
    const scope = options.scope ?? scopeFor(method, new URL(url).pathname);
    const headers: Record<string, string> = { 'User-Agent': this.userAgent, ...options.headers };
    const send = async (authorization: string | undefined) =>
      timedFetch(
        url,
        { method, headers: authorization ? { ...headers, Authorization: authorization } : headers },
        {
          fetch: this.fetchImpl,
          timeoutInMs: this.timeoutInMs,
          abortSignal: options.abortSignal,
        },
      );
    let response = await send(await this.auth.authorizationFor(scope, options.abortSignal));
    if (response.status === 401) {
      const challenges = parseWwwAuthenticate(response.headers.get('www-authenticate'));
      const retryWith = await this.auth.answerChallenge(challenges, scope, options.abortSignal);
      if (retryWith) {
        await response.body?.cancel();
        response = await send(retryWith);
      }
    }
    if (response.ok || okStatuses.includes(response.status)) return response;
    throw await toRegistryError(method, url, response);
  }

  async *listRepositories(options: ListOptions = {}): AsyncIterable<string> {
    yield* this.paginate(`/v2/_catalog?n=${this.pageSize}`, 'repositories', {
      ...options,
      scope: 'registry:catalog:*',
    });
  }

  /** Tags of one repository (an empty or unknown repository lists none). */
  async *listTags(repository: string, options: ListOptions = {}): AsyncIterable<string> {
    yield* this.paginate(`/v2/${encodeRepo(repository)}/tags/list?n=${this.pageSize}`, 'tags', options, [404]);
  }

  /** Tag → digest for every tag of a repository (one HEAD per tag, bounded concurrency). */
  async listTagDigests(repository: string, options: ListOptions = {}): Promise<Map<string, string>> {
    const tags: string[] = [];
    for await (const tag of this.listTags(repository, options)) tags.push(tag);
    const limit = pLimit(this.concurrency);
    const result = new Map<string, string>();
    await Promise.all(
      tags.map((tag) =>
        limit(async () => {
          const digest = await this.headManifest(repository, tag, options);
          if (digest) result.set(tag, digest);
        }),
      ),
    );
    return result;
  }

  /** Every tagged manifest, grouped by digest with all its tags. Untagged manifests cannot be listed. */
  async *listManifests(repository: string, options: ListOptions = {}): AsyncIterable<ManifestInfo> {
    const tagDigests = await this.listTagDigests(repository, options);
    const byDigest = new Map<string, string[]>();
    for (const [tag, digest] of tagDigests) byDigest.set(digest, [...(byDigest.get(digest) ?? []), tag]);
    const limit = pLimit(this.concurrency);
    const infos = [...byDigest].map(([digest, tags]) =>
      limit(async () => {
        const facts = await this.manifestFacts(repository, digest, options).catch((error: unknown) => {
          // Deleted between the tag list and now: skip it rather than fail the whole listing.
          if (error instanceof RegistryError && error.status === 404) return null;
          throw error;
        });
        return facts ? toInfo(repository, facts, tags.sort()) : null;
      }),
    );
    for (const info of infos) {
      const value = await info;
      if (value) yield value;
    }
  }

  async getManifest(repository: string, reference: string, options: ListOptions = {}): Promise<ManifestInfo | null> {
    let digest = reference;
    if (!DIGEST_PATTERN.test(reference)) {
      const resolved = await this.headManifest(repository, reference, options);
      if (!resolved) return null;
      digest = resolved;
    }
    let facts: ManifestFacts;
    try {
      facts = await this.manifestFacts(repository, digest, options);
    } catch (error) {
      if (error instanceof RegistryError && error.status === 404) return null;
      throw error;
    }
    const tagDigests = await this.listTagDigests(repository, options);
    const tags = [...tagDigests]
      .filter(([, d]) => d === digest)
      .map(([t]) => t)
      .sort();
    return toInfo(repository, facts, tags);
  }

  /** The digest a tag or digest currently resolves to; null when unknown. */
  async headManifest(repository: string, reference: string, options: ListOptions = {}): Promise<string | null> {
    const response = await this.request(
      'HEAD',
      `/v2/${encodeRepo(repository)}/manifests/${encodeURIComponent(reference)}`,
      {
        ...options,
        headers: { Accept: MANIFEST_ACCEPT },
      },
      [404],
    );
    if (response.status === 404) return null;
    return response.headers.get('docker-content-digest') ?? (DIGEST_PATTERN.test(reference) ? reference : null);
  }

  /** Deletes a manifest by digest (which removes every tag pointing to it). 404 → 'not-found'. */
  async deleteManifest(repository: string, digest: string, options: ListOptions = {}): Promise<DeleteOutcome> {
    if (!DIGEST_PATTERN.test(digest))
      throw new RegistryError(`delete needs a digest (algorithm:hex), got "${digest}"`, { code: 'DIGEST_INVALID' });
    const response = await this.request('DELETE', `/v2/${encodeRepo(repository)}/manifests/${digest}`, options, [404]);
    this.facts.delete(factsKey(repository, digest));
    return response.status === 404 ? 'not-found' : 'deleted';
  }

  async getUsage(): Promise<RegistryUsage | null> {
    return null; // The Distribution API has no usage/quota call.
  }

  /** Raw manifest GET (body + digest + content type). */
  async fetchManifest(
    repository: string,
    reference: string,
    options: ListOptions = {},
  ): Promise<{ body: string; digest: string; contentType: string }> {
    const response = await this.request(
      'GET',
      `/v2/${encodeRepo(repository)}/manifests/${encodeURIComponent(reference)}`,
      {
        ...options,
        headers: { Accept: MANIFEST_ACCEPT },
      },
    );
    const body = await response.text();
    const digest = response.headers.get('docker-content-digest') ?? reference;
    return { body, digest, contentType: response.headers.get('content-type') ?? '' };
  }

  private manifestFacts(repository: string, digest: string, options: ListOptions): Promise<ManifestFacts> {
    const key = factsKey(repository, digest);
    const cached = this.facts.get(key);
    if (cached) return cached;
    const promise = this.loadFacts(repository, digest, options);
    if (this.facts.size >= FACTS_CACHE_LIMIT) this.facts.delete(this.facts.keys().next().value as string);
    this.facts.set(key, promise);
    promise.catch(() => this.facts.delete(key));
    return promise;
  }

  private async loadFacts(repository: string, digest: string, options: ListOptions): Promise<ManifestFacts> {
    const raw = await this.fetchManifest(repository, digest, options);
    const parsed = parseManifest(raw.body, raw.contentType);
    const sizeInBytes = manifestSizeInBytes(parsed, Buffer.byteLength(raw.body));
    let createdAt = parseDate(parsed.annotations?.['org.opencontainers.image.created']);
    if (!createdAt && parsed.config && isImageConfigMediaType(parsed.config.mediaType)) {
      createdAt = await this.configCreated(repository, parsed.config.digest, options);
    }
    if (!createdAt && isIndexMediaType(parsed.mediaType)) {
      // An index is as new as its newest child image.
      const children = await Promise.all(
        parsed.manifests.map((d) => this.manifestFacts(repository, d.digest, options).catch(() => null)),
      );
      const times = children.map((c) => c?.createdAt?.getTime()).filter((t): t is number => t !== undefined);
      if (times.length) createdAt = new Date(Math.max(...times));
    }
    return { digest, parsed, sizeInBytes, createdAt };
  }

  private async configCreated(
    repository: string,
    configDigest: string,
    options: ListOptions,
  ): Promise<Date | undefined> {
    const response = await this.request('GET', `/v2/${encodeRepo(repository)}/blobs/${configDigest}`, options, [404]);
    if (response.status === 404) return undefined;
    try {
      const config = (await response.json()) as { created?: string };
      return parseDate(config.created);
    } catch {
      return undefined;
    }
  }

  private async *paginate(
    firstPath: string,
    field: 'repositories' | 'tags',
    options: RequestOptions,
    okStatuses: number[] = [],
  ): AsyncIterable<string> {
    let url: string | undefined = `${this.endpoint}${firstPath}`;
    while (url) {
      const response = await this.request(
        'GET',
        url,
        { ...options, headers: { Accept: 'application/json' } },
        okStatuses,
      );
      if (response.status === 404) {
        await response.body?.cancel();
        return;
      }
      const body = (await response.json()) as Record<string, unknown>;
      // An empty repository lists `tags: null`.
      const items = Array.isArray(body[field]) ? (body[field] as string[]) : [];
      yield* items;
      const next = nextPageUrl(response.headers.get('link'), url);
      url = next && new URL(next).origin === this.endpoint ? next : undefined;
    }
  }
}

function toInfo(repository: string, facts: ManifestFacts, tags: string[]): ManifestInfo {
  const { parsed } = facts;
  return {
    repository,
    digest: facts.digest,
    mediaType: parsed.mediaType,
    tags,
    createdAt: facts.createdAt,
    sizeInBytes: facts.sizeInBytes,
    subject: parsed.subject?.digest,
    children: isIndexMediaType(parsed.mediaType) ? parsed.manifests.map((d) => d.digest) : undefined,
  };
}

/** Repository names may contain slashes, which stay as path separators. */
function encodeRepo(repository: string): string {
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repository)) {
    throw new RegistryError(`invalid repository name "${repository}"`, { code: 'NAME_INVALID' });
  }
  return repository;
}

/** The token scope a request needs: catalog → registry:catalog:*, else repository:<name>:<actions>. */
export function scopeFor(method: string, pathname: string): string {
  if (pathname === '/v2/_catalog') return 'registry:catalog:*';
  const match = /^\/v2\/(.+?)\/(?:manifests|blobs|tags)\//.exec(pathname);
  if (!match) return '';
  const actions = method === 'DELETE' ? ['delete'] : ['GET', 'HEAD'].includes(method) ? ['pull'] : ['pull', 'push'];
  return repositoryScope(match[1], actions);
}

function parseDate(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

async function toRegistryError(method: string, url: string, response: Response): Promise<RegistryError> {
  const text = await response.text().catch(() => '');
  const details = parseRegistryErrorBody(text);
  const first = details[0];
  const said = first ? `: ${first.code}${first.message ? ` (${first.message})` : ''}` : '';
  return new RegistryError(`${method} ${redactUrl(url)} → HTTP ${response.status}${said}`, {
    status: response.status,
    code: first?.code ?? httpCode(response.status),
    details,
    retryAfterInSeconds: parseRetryAfter(response.headers.get('retry-after')),
  });
}

function httpCode(status: number): string {
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'DENIED';
  if (status === 404) return 'NOT_FOUND';
  if (status === 405) return 'UNSUPPORTED';
  if (status === 429) return 'TOOMANYREQUESTS';
  return `HTTP_${status}`;
}

/** Manifest facts are cached per repository: the same digest may live in several repositories. */
function factsKey(repository: string, digest: string): string {
  return `${repository}@${digest}`;
}
