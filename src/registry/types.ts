/**
 * The Registry port: what the purge engine, the chat actions and the watchers need from a registry.
 * Implementations: registry/oci (Docker Registry HTTP API V2) and registry/acr (Azure SDKs).
 */

export interface ManifestLock {
  deleteEnabled: boolean;
  writeEnabled: boolean;
}

export interface ManifestInfo {
  repository: string;
  digest: string;
  mediaType: string;
  tags: string[];
  /** When the manifest was created (ACR attribute, or the image config's `created`). */
  createdAt?: Date;
  lastUpdatedAt?: Date;
  /** Manifest plus referenced blobs, when known. */
  sizeInBytes?: number;
  /** Lock attributes (ACR); undefined means the registry has no locks. */
  lock?: ManifestLock;
  /** Digest of the `subject` this manifest refers to (signatures, SBOMs). */
  subject?: string;
  /** Child manifest digests of an index / manifest list. */
  children?: string[];
}

export type DeleteOutcome = 'deleted' | 'not-found' | 'locked';

export interface ListOptions {
  abortSignal?: AbortSignal;
}

export interface RegistryClient {
  readonly kind: 'acr' | 'oci';
  /** Base URL such as https://myregistry.azurecr.io */
  readonly endpoint: string;
  /** True when untagged manifests can be listed (ACR); plain OCI registries cannot. */
  readonly canListUntagged: boolean;
  listRepositories(options?: ListOptions): AsyncIterable<string>;
  /** Every manifest of a repository with its tags (untagged ones too when canListUntagged). */
  listManifests(repository: string, options?: ListOptions): AsyncIterable<ManifestInfo>;
  /** Current state of one manifest by digest or tag; null when it does not exist. */
  getManifest(repository: string, reference: string, options?: ListOptions): Promise<ManifestInfo | null>;
  deleteManifest(repository: string, digest: string, options?: ListOptions): Promise<DeleteOutcome>;
}

// ---- Additive extensions (registry helper) ----

/** Storage used versus quota. Only ACR reports it (management plane); plain OCI registries do not. */
export interface RegistryUsage {
  usedInBytes: number;
  quotaInBytes?: number;
  /** Other usage counters the registry reports (webhooks, scope maps…), by name. */
  other?: Array<{ name: string; current: number; limit?: number; unit?: string }>;
}

/** Optional capabilities a provider may offer besides the core port. */
export interface RegistryClientExtras {
  /** Why untagged manifests cannot be listed, when canListUntagged is false (shown to users). */
  readonly untaggedUnsupportedReason?: string;
  /** Removes one tag, leaving the manifest (ACR; plain Distribution cannot delete tags). */
  deleteTag?(repository: string, tag: string, options?: ListOptions): Promise<DeleteOutcome>;
  /** Storage used vs quota; null when the registry cannot report it. */
  getUsage?(options?: ListOptions): Promise<RegistryUsage | null>;
  /** Sets a manifest's lock attributes (ACR `changeableAttributes`); plain Distribution has no locks. */
  setManifestLock?(
    repository: string,
    digest: string,
    lock: ManifestLock,
    options?: ListOptions,
  ): Promise<ManifestLock | null>;
}
