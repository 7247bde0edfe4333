/**
 * A test double of the RegistryClient port, held in memory. For unit tests of the purge planner and
 * executor only; integration tests use the real docker-registry. Faults (429, 503, resets) can be
 * injected per call to exercise the executor's retry logic.
 */
import { createHash } from 'node:crypto';
import type { DeleteOutcome, ListOptions, ManifestInfo, RegistryClient } from '../../src/registry/types.js';

/** What the double stores per manifest: the port's ManifestInfo without the repository name. */
export type StoredManifest = Omit<ManifestInfo, 'repository'>;

export type RegistryOperation = 'listRepositories' | 'listManifests' | 'getManifest' | 'deleteManifest';

/** An HTTP-shaped error like the real providers throw: status code plus optional Retry-After. */
export class FakeHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${statusCode}`);
  }
}

export function connectionReset(): Error {
  return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
}

export type FaultInjector = (operation: RegistryOperation, repository: string, reference: string) => Error | undefined;

export function fakeDigest(seed: string): string {
  return `sha256:${createHash('sha256').update(seed).digest('hex')}`;
}

export class InMemoryRegistry implements RegistryClient {
  readonly kind: 'acr' | 'oci';
  readonly endpoint: string;
  readonly canListUntagged: boolean;
  readonly repositories = new Map<string, Map<string, StoredManifest>>();
  /** Every successful delete, in order: what the tests assert on. */
  readonly deleted: { repository: string; digest: string }[] = [];
  readonly calls: Record<RegistryOperation, number> = {
    listRepositories: 0,
    listManifests: 0,
    getManifest: 0,
    deleteManifest: 0,
  };
  faults?: FaultInjector;
  /** Called after each delete; lets a test change the registry between two items. */
  afterDelete?: (repository: string, digest: string) => void;

  constructor(options: { kind?: 'acr' | 'oci'; endpoint?: string; canListUntagged?: boolean } = {}) {
    this.kind = options.kind ?? 'acr';
    this.endpoint = options.endpoint ?? 'https://fake.azurecr.io';
    this.canListUntagged = options.canListUntagged ?? this.kind === 'acr';
  }

  add(repository: string, manifest: Partial<StoredManifest> & { digest?: string; tags?: string[] }): StoredManifest {
    const stored: StoredManifest = {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      tags: [],
      sizeInBytes: 1000,
      ...manifest,
      digest: manifest.digest ?? fakeDigest(`${repository}/${JSON.stringify(manifest)}/${Math.random()}`),
    };
    let repo = this.repositories.get(repository);
    if (!repo) this.repositories.set(repository, (repo = new Map()));
    repo.set(stored.digest, stored);
    return stored;
  }

  has(repository: string, digest: string): boolean {
    return this.repositories.get(repository)?.has(digest) ?? false;
  }

  private fault(operation: RegistryOperation, repository: string, reference: string): void {
    this.calls[operation]++;
    const error = this.faults?.(operation, repository, reference);
    if (error) throw error;
  }

  private info(repository: string, m: StoredManifest): ManifestInfo {
    return { repository, ...m, tags: [...m.tags], children: m.children && [...m.children] };
  }

  async *listRepositories(_options?: ListOptions): AsyncIterable<string> {
    this.fault('listRepositories', '', '');
    yield* [...this.repositories.keys()].sort();
  }

  async *listManifests(repository: string, _options?: ListOptions): AsyncIterable<ManifestInfo> {
    this.fault('listManifests', repository, '');
    for (const m of this.repositories.get(repository)?.values() ?? []) {
      // A plain OCI registry only knows manifests through their tags.
      if (!this.canListUntagged && m.tags.length === 0) continue;
      yield this.info(repository, m);
    }
  }

  async getManifest(repository: string, reference: string, _options?: ListOptions): Promise<ManifestInfo | null> {
    this.fault('getManifest', repository, reference);
    const repo = this.repositories.get(repository);
    if (!repo) return null;
    const byDigest = repo.get(reference);
    if (byDigest) return this.info(repository, byDigest);
    const byTag = [...repo.values()].find((m) => m.tags.includes(reference));
    return byTag ? this.info(repository, byTag) : null;
  }

  async deleteManifest(repository: string, digest: string, _options?: ListOptions): Promise<DeleteOutcome> {
    this.fault('deleteManifest', repository, digest);
    const repo = this.repositories.get(repository);
    const m = repo?.get(digest);
    if (!repo || !m) return 'not-found';
    if (m.lock && (!m.lock.deleteEnabled || !m.lock.writeEnabled)) return 'locked';
    repo.delete(digest);
    this.deleted.push({ repository, digest });
    this.afterDelete?.(repository, digest);
    return 'deleted';
  }
}
