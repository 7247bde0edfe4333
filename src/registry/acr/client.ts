/**
 * RegistryClient for Azure Container Registry with `@azure/container-registry`: ACR's /acr/v1 API lists
 * every manifest of a repository, untagged ones included, with tags, times, sizes and lock attributes.
 * Manifest bodies (for media type and `subject`) come from the content client over /v2.
 */
import {
  ContainerRegistryClient,
  ContainerRegistryContentClient,
  KnownContainerRegistryAudience,
  type ArtifactManifestProperties,
  type ContainerRegistryClientOptions,
} from '@azure/container-registry';
import type { TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';
import pLimit from 'p-limit';
import { RegistryError } from '../errors.js';
import { OCI_INDEX, parseManifest } from '../oci/media-types.js';
import type {
  DeleteOutcome,
  ListOptions,
  ManifestInfo,
  ManifestLock,
  RegistryClient,
  RegistryClientExtras,
  RegistryUsage,
} from '../types.js';
import type { RegistryManagement } from './management.js';

export interface AcrRegistryClientOptions {
  /** Login server URL, e.g. https://myregistry.azurecr.io */
  endpoint: string;
  /** Default: DefaultAzureCredential (managed identity in Azure, developer sign-in locally). */
  credential?: TokenCredential;
  /** Microsoft Entra authority for DefaultAzureCredential (sovereign clouds), e.g. https://login.chinacloudapi.cn */
  authorityHost?: string;
  /** ACR token audience; default the public cloud's ARM audience. */
  audience?: string;
  /** Fetch each manifest body to learn its media type and `subject`. Default true (needed for safe purges). */
  inspectManifests?: boolean;
  /** Parallel manifest fetches. Default 8. */
  concurrency?: number;
  /** Page size for /acr/v1 listings (`n`); default: the service's. */
  pageSize?: number;
  /** Management-plane port for usage/quota; optional. */
  management?: RegistryManagement;
  /** Extra SDK options (retry, tlsOptions for a test CA…). */
  clientOptions?: Omit<ContainerRegistryClientOptions, 'audience'>;
}

export class AcrRegistryClient implements RegistryClient, RegistryClientExtras {
  readonly kind = 'acr' as const;
  readonly endpoint: string;
  readonly canListUntagged = true;
  private readonly client: ContainerRegistryClient;
  private readonly credential: TokenCredential;
  private readonly audience: string;
  private readonly contentClients = new Map<string, ContainerRegistryContentClient>();
  private readonly inspect: boolean;
  private readonly concurrency: number;

  constructor(private readonly options: AcrRegistryClientOptions) {
    this.endpoint = new URL(options.endpoint).origin;
    this.credential =
      options.credential ??
      new DefaultAzureCredential(options.authorityHost ? { authorityHost: options.authorityHost } : {});
    this.audience = options.audience ?? KnownContainerRegistryAudience.AzureResourceManagerPublicCloud;
    this.client = new ContainerRegistryClient(this.endpoint, this.credential, {
      ...options.clientOptions,
      audience: this.audience,
    });
    this.inspect = options.inspectManifests ?? true;
    this.concurrency = options.concurrency ?? 8;
  }

  async *listRepositories(options: ListOptions = {}): AsyncIterable<string> {
    const pages = this.client
      .listRepositoryNames({ abortSignal: options.abortSignal })
      .byPage({ maxPageSize: this.options.pageSize });
    yield* sdkCall(async function* () {
      for await (const page of pages) yield* page;
    });
  }

  async *listManifests(repository: string, options: ListOptions = {}): AsyncIterable<ManifestInfo> {
    const limit = pLimit(this.concurrency);
    const pending: Array<Promise<ManifestInfo>> = [];
    const pages = this.client
      .getRepository(repository)
      .listManifestProperties({ abortSignal: options.abortSignal })
      .byPage({ maxPageSize: this.options.pageSize });
    try {
      for await (const page of pages) {
        for (const props of page) pending.push(limit(() => this.toInfo(repository, props, options)));
        // Yield what is ready in order, keeping at most a few pages in flight.
        while (pending.length > this.concurrency * 4) yield await (pending.shift() as Promise<ManifestInfo>);
      }
    } catch (error) {
      throw toRegistryError(error, `list manifests of ${repository}`);
    }
    for (const info of pending) yield await info;
  }

  async getManifest(repository: string, reference: string, options: ListOptions = {}): Promise<ManifestInfo | null> {
    try {
      const props = await this.client
        .getArtifact(repository, reference)
        .getManifestProperties({ abortSignal: options.abortSignal });
      return await this.toInfo(repository, props, options);
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw toRegistryError(error, `get manifest ${repository}@${reference}`);
    }
  }

  async deleteManifest(repository: string, digest: string, options: ListOptions = {}): Promise<DeleteOutcome> {
    if (!digest.includes(':'))
      throw new RegistryError(`delete needs a digest, got "${digest}"`, { code: 'DIGEST_INVALID' });
    let status = 0;
    try {
      // The SDK treats 404 as success; onResponse tells us which one it was.
      await this.client
        .getArtifact(repository, digest)
        .delete({ abortSignal: options.abortSignal, onResponse: (r) => (status = r.status) });
    } catch (error) {
      return mapDeleteError(error, `delete ${repository}@${digest}`);
    }
    return status === 404 ? 'not-found' : 'deleted';
  }

  async deleteTag(repository: string, tag: string, options: ListOptions = {}): Promise<DeleteOutcome> {
    let status = 0;
    try {
      await this.client
        .getArtifact(repository, tag)
        .deleteTag(tag, { abortSignal: options.abortSignal, onResponse: (r) => (status = r.status) });
    } catch (error) {
      return mapDeleteError(error, `delete tag ${repository}:${tag}`);
    }
    return status === 404 ? 'not-found' : 'deleted';
  }

  /** Lock = no delete, no overwrite; unlock = both allowed again. Null when the manifest does not exist. */
  async setManifestLock(
    repository: string,
    digest: string,
    lock: ManifestLock,
    options: ListOptions = {},
  ): Promise<ManifestLock | null> {
    try {
      const props = await this.client.getArtifact(repository, digest).updateManifestProperties({
        canDelete: lock.deleteEnabled,
        canWrite: lock.writeEnabled,
        abortSignal: options.abortSignal,
      });
      return { deleteEnabled: props.canDelete ?? true, writeEnabled: props.canWrite ?? true };
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw toRegistryError(error, `set lock on ${repository}@${digest}`);
    }
  }

  async getUsage(options: ListOptions = {}): Promise<RegistryUsage | null> {
    return this.options.management ? this.options.management.getUsage(options) : null;
  }

  private async toInfo(
    repository: string,
    props: ArtifactManifestProperties,
    options: ListOptions,
  ): Promise<ManifestInfo> {
    const children = props.relatedArtifacts.map((a) => a.digest).filter((d): d is string => !!d);
    const info: ManifestInfo = {
      repository,
      digest: props.digest,
      mediaType: children.length ? OCI_INDEX : 'unknown',
      tags: [...props.tags].sort(),
      createdAt: props.createdOn,
      lastUpdatedAt: props.lastUpdatedOn,
      sizeInBytes: props.sizeInBytes,
      lock: { deleteEnabled: props.canDelete ?? true, writeEnabled: props.canWrite ?? true },
      children: children.length ? children : undefined,
    };
    if (this.inspect) {
      try {
        const manifest = await this.content(repository).getManifest(props.digest, { abortSignal: options.abortSignal });
        const parsed = parseManifest(manifest.content.toString('utf8'), manifest.mediaType);
        info.mediaType = parsed.mediaType;
        info.subject = parsed.subject?.digest;
        if (parsed.manifests.length) info.children = parsed.manifests.map((d) => d.digest);
      } catch (error) {
        if (statusOf(error) !== 404) throw toRegistryError(error, `get manifest body ${repository}@${props.digest}`);
      }
    }
    return info;
  }

  private content(repository: string): ContainerRegistryContentClient {
    let client = this.contentClients.get(repository);
    if (!client) {
      client = new ContainerRegistryContentClient(this.endpoint, repository, this.credential, {
        ...this.options.clientOptions,
        audience: this.audience,
      });
      this.contentClients.set(repository, client);
    }
    return client;
  }
}

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number }).statusCode;
}

/** ACR answers 405 for a manifest or tag whose deleteEnabled attribute is false (a lock). */
function mapDeleteError(error: unknown, what: string): DeleteOutcome {
  const status = statusOf(error);
  if (status === 404) return 'not-found';
  if (status === 405) return 'locked';
  throw toRegistryError(error, what);
}

function toRegistryError(error: unknown, what: string): RegistryError {
  if (error instanceof RegistryError) return error;
  const e = error as { statusCode?: number; code?: string; name?: string };
  if (e.name === 'AbortError') return new RegistryError(`${what} was cancelled`, { code: 'ABORTED', cause: error });
  return new RegistryError(
    `${what} failed${e.statusCode ? ` (HTTP ${e.statusCode})` : ''}${e.code ? `: ${e.code}` : ''}`,
    {
      status: e.statusCode,
      code: e.code,
      cause: error,
    },
  );
}

async function* sdkCall<T>(make: () => AsyncIterable<T>): AsyncIterable<T> {
  try {
    yield* make();
  } catch (error) {
    throw toRegistryError(error, 'list repositories');
  }
}
