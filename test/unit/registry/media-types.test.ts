import {
  MANIFEST_ACCEPT,
  manifestSizeInBytes,
  parseManifest,
  OCI_INDEX,
  OCI_MANIFEST,
  DOCKER_MANIFEST_LIST,
  isIndexMediaType,
} from '../../../src/registry/oci/media-types.js';
import { parseRegistryReference, RegistryReferenceError } from '../../../src/registry/factory.js';

describe('manifest media types', () => {
  it('asks for OCI and Docker schema 2 manifests and indexes', () => {
    for (const t of [
      OCI_MANIFEST,
      OCI_INDEX,
      'application/vnd.docker.distribution.manifest.v2+json',
      DOCKER_MANIFEST_LIST,
    ])
      expect(MANIFEST_ACCEPT).toContain(t);
  });

  it('takes the media type from the body, else from Content-Type, else from the shape', () => {
    expect(
      parseManifest(
        '{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json","manifests":[]}',
      ).mediaType,
    ).toBe(DOCKER_MANIFEST_LIST);
    expect(
      parseManifest('{"schemaVersion":2,"config":{},"layers":[]}', `${OCI_MANIFEST}; charset=utf-8`).mediaType,
    ).toBe(OCI_MANIFEST);
    expect(parseManifest('{"schemaVersion":2,"manifests":[]}', 'application/json').mediaType).toBe(OCI_INDEX);
  });

  it('reads subject and index children; sizes images with blobs and indexes alone', () => {
    const referrer = parseManifest(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        artifactType: 'application/vnd.example.sbom',
        config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: 'sha256:e', size: 2 },
        layers: [{ mediaType: 'application/json', digest: 'sha256:l', size: 40 }],
        subject: { mediaType: OCI_MANIFEST, digest: 'sha256:s', size: 500 },
      }),
    );
    expect(referrer.subject?.digest).toBe('sha256:s');
    expect(referrer.artifactType).toBe('application/vnd.example.sbom');
    expect(manifestSizeInBytes(referrer, 300)).toBe(342);
    const index = parseManifest(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_INDEX,
        manifests: [
          { digest: 'sha256:a', size: 9 },
          { digest: 'sha256:b', size: 9 },
        ],
      }),
    );
    expect(isIndexMediaType(index.mediaType)).toBe(true);
    expect(index.manifests.map((m) => m.digest)).toEqual(['sha256:a', 'sha256:b']);
    expect(manifestSizeInBytes(index, 250)).toBe(250);
  });
});

describe('registry references', () => {
  it('accepts acr:NAME and URLs, rejects credentials in URLs and bad names', () => {
    expect(parseRegistryReference('acr:MyRegistry', {})).toEqual({
      kind: 'acr',
      name: 'myregistry',
      endpoint: 'https://myregistry.azurecr.io',
    });
    expect(parseRegistryReference('acr:contoso1', { CHATOPS_ACR_LOGIN_SUFFIX: 'azurecr.cn' }).endpoint).toBe(
      'https://contoso1.azurecr.cn',
    );
    expect(parseRegistryReference('registry.example.com:5000', {})).toEqual({
      kind: 'oci',
      endpoint: 'https://registry.example.com:5000',
    });
    expect(() => parseRegistryReference('https://u:p@r.example', {})).toThrow(RegistryReferenceError);
    expect(() => parseRegistryReference('acr:a', {})).toThrow(/5–50/);
    expect(() => parseRegistryReference('ftp://r.example', {})).toThrow(/http/);
  });
});
