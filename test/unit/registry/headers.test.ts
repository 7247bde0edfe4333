import { nextPageUrl, parseLinkHeader } from '../../../src/registry/oci/link-header.js';
import { parseWwwAuthenticate } from '../../../src/registry/oci/www-authenticate.js';
import { scopeFor } from '../../../src/registry/oci/client.js';
import { RegistryError, parseRegistryErrorBody, parseRetryAfter, redactUrl } from '../../../src/registry/errors.js';

describe('Link header (RFC 8288)', () => {
  it('parses the Distribution next link and resolves it against the request URL', () => {
    const header = '</v2/_catalog?last=b&n=2>; rel="next"';
    expect(parseLinkHeader(header)).toEqual([{ uri: '/v2/_catalog?last=b&n=2', params: { rel: 'next' } }]);
    expect(nextPageUrl(header, 'http://127.0.0.1:5000/v2/_catalog?n=2')).toBe(
      'http://127.0.0.1:5000/v2/_catalog?last=b&n=2',
    );
  });

  it('keeps commas and semicolons inside <…> and quoted values, and handles several links', () => {
    const header = '<https://a.example/x?q=1,2;3>; rel="prev"; title="a, b; c", <https://a.example/y>; rel=next';
    const links = parseLinkHeader(header);
    expect(links).toHaveLength(2);
    expect(links[0]).toEqual({ uri: 'https://a.example/x?q=1,2;3', params: { rel: 'prev', title: 'a, b; c' } });
    expect(nextPageUrl(header, 'https://a.example/')).toBe('https://a.example/y');
  });

  it('accepts rel lists and ignores repeated params after the first', () => {
    expect(nextPageUrl('</p2>; rel="last next"; rel="prev"', 'https://r.example/p1')).toBe('https://r.example/p2');
  });

  it('returns nothing for missing or rel-less headers', () => {
    expect(nextPageUrl(null, 'https://r.example/')).toBeUndefined();
    expect(nextPageUrl('</p2>; title="x"', 'https://r.example/')).toBeUndefined();
    expect(parseLinkHeader('garbage')).toEqual([]);
  });
});

describe('WWW-Authenticate (RFC 7235)', () => {
  it('parses a bearer challenge whose scope contains commas', () => {
    const [c] = parseWwwAuthenticate(
      'Bearer realm="https://auth.example/token",service="registry.example",scope="repository:app/web:pull,push"',
    );
    expect(c).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://auth.example/token',
        service: 'registry.example',
        scope: 'repository:app/web:pull,push',
      },
    });
  });

  it('parses several challenges, unquoted values and escaped quotes', () => {
    const cs = parseWwwAuthenticate('Basic realm="Registry \\"R\\"", Bearer realm=https://t.example/token, service=s');
    expect(cs.map((c) => c.scheme)).toEqual(['basic', 'bearer']);
    expect(cs[0].params.realm).toBe('Registry "R"');
    expect(cs[1].params).toEqual({ realm: 'https://t.example/token', service: 's' });
  });

  it('returns no challenge for an empty header', () => {
    expect(parseWwwAuthenticate(undefined)).toEqual([]);
  });
});

describe('token scopes', () => {
  it('maps paths and methods to Docker token scopes', () => {
    expect(scopeFor('GET', '/v2/_catalog')).toBe('registry:catalog:*');
    expect(scopeFor('HEAD', '/v2/team/app/manifests/v1')).toBe('repository:team/app:pull');
    expect(scopeFor('DELETE', '/v2/app/manifests/sha256:ab')).toBe('repository:app:delete');
    expect(scopeFor('PUT', '/v2/app/manifests/v1')).toBe('repository:app:pull,push');
    expect(scopeFor('GET', '/v2/app/tags/list')).toBe('repository:app:pull');
  });
});

describe('registry errors', () => {
  it('reads the first code of the Distribution error body and tolerates non-JSON', () => {
    expect(parseRegistryErrorBody('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}')).toEqual([
      { code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' },
    ]);
    expect(parseRegistryErrorBody('<html>502</html>')).toEqual([]);
  });

  it('never keeps credentials or query tokens of a URL', () => {
    const redacted = redactUrl('https://user:secret@r.example/token?access_token=abc');
    expect(redacted).toBe('https://r.example/token?…');
    expect(redacted).not.toContain('secret');
  });

  it('classifies retryable statuses and parses Retry-After', () => {
    expect(new RegistryError('x', { status: 429 }).retryable).toBe(true);
    expect(new RegistryError('x', { status: 503 }).retryable).toBe(true);
    expect(new RegistryError('x', { status: 404 }).retryable).toBe(false);
    expect(parseRetryAfter('7')).toBe(7);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter(new Date(Date.now() + 60_000).toUTCString())).toBeGreaterThan(50);
  });
});
