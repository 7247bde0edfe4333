/** Manifest media types of the OCI image spec and Docker's schema 2, and what each means to us. */

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';
export const OCI_EMPTY = 'application/vnd.oci.empty.v1+json';

/** Sent on every manifest GET/HEAD: without it Distribution answers 404 or falls back to schema 1. */
export const MANIFEST_ACCEPT = [OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST].join(', ');

export function isIndexMediaType(mediaType: string | undefined): boolean {
  return mediaType === OCI_INDEX || mediaType === DOCKER_MANIFEST_LIST;
}

export function isImageManifestMediaType(mediaType: string | undefined): boolean {
  return mediaType === OCI_MANIFEST || mediaType === DOCKER_MANIFEST;
}

/** Config media types that carry an image config with a `created` timestamp (artifacts do not). */
export function isImageConfigMediaType(mediaType: string | undefined): boolean {
  return mediaType === OCI_CONFIG || mediaType === DOCKER_CONFIG;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
  platform?: { architecture?: string; os?: string; variant?: string };
}

/** The parts of an image manifest or index we read. */
export interface ParsedManifest {
  mediaType: string;
  config?: Descriptor;
  layers: Descriptor[];
  /** Index / manifest list children. */
  manifests: Descriptor[];
  subject?: Descriptor;
  artifactType?: string;
  annotations?: Record<string, string>;
}

/**
 * Parses a manifest body. The media type comes from the body when present, else from the response's
 * Content-Type (OCI manifests may omit `mediaType`), else is inferred from the shape.
 */
export function parseManifest(body: string, contentType?: string): ParsedManifest {
  const raw = JSON.parse(body) as Record<string, unknown>;
  const asDescriptors = (v: unknown): Descriptor[] => (Array.isArray(v) ? (v as Descriptor[]) : []);
  const manifests = asDescriptors(raw.manifests);
  const headerType = contentType?.split(';')[0].trim();
  const mediaType =
    (typeof raw.mediaType === 'string' && raw.mediaType) ||
    (headerType && headerType !== 'application/json' ? headerType : undefined) ||
    (Array.isArray(raw.manifests) ? OCI_INDEX : OCI_MANIFEST);
  return {
    mediaType,
    config: (raw.config as Descriptor | undefined) ?? undefined,
    layers: asDescriptors(raw.layers),
    manifests,
    subject: (raw.subject as Descriptor | undefined) ?? undefined,
    artifactType: typeof raw.artifactType === 'string' ? raw.artifactType : undefined,
    annotations: (raw.annotations as Record<string, string> | undefined) ?? undefined,
  };
}

/**
 * Size of a manifest: its own bytes plus config and layers. For an index, its own bytes only —
 * children are separate manifests with their own sizes (so nothing is counted twice).
 */
export function manifestSizeInBytes(parsed: ParsedManifest, manifestBytes: number): number {
  if (isIndexMediaType(parsed.mediaType)) return manifestBytes;
  const blobs = [parsed.config, ...parsed.layers].filter((d): d is Descriptor => !!d);
  return manifestBytes + blobs.reduce((sum, d) => sum + (Number.isFinite(d.size) ? d.size : 0), 0);
}
