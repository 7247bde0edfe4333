import { formatDuration, parseDurationInMs } from '../../../src/core/duration.js';
import { globListMatcher, globToRegExp } from '../../../src/core/glob.js';
import { canonicalJson, contentHash } from '../../../src/core/canonical-json.js';

describe('durations', () => {
  it.each([
    ['30d', 30 * 86_400_000],
    ['24h', 86_400_000],
    ['90m', 5_400_000],
    ['2w', 14 * 86_400_000],
    ['1d12h', 36 * 3_600_000],
    [' 7D ', 7 * 86_400_000],
  ])('parses %s', (text, expected) => expect(parseDurationInMs(text)).toBe(expected));

  it.each(['', '30', 'd', '1.5d', '-3d', '3 days', '3y'])('rejects %p', (text) =>
    expect(parseDurationInMs(text)).toBeNull(),
  );

  it('formats canonically', () => {
    expect(formatDuration(36 * 3_600_000)).toBe('1d12h');
    expect(formatDuration(14 * 86_400_000)).toBe('14d');
    expect(formatDuration(0)).toBe('0s');
  });
});

describe('globs', () => {
  it('matches * across slashes, ? as one character, the rest literally', () => {
    expect(globToRegExp('release-*').test('release-1.0')).toBe(true);
    expect(globToRegExp('release-*').test('prerelease-1')).toBe(false);
    expect(globToRegExp('v?').test('v1')).toBe(true);
    expect(globToRegExp('v?').test('v10')).toBe(false);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
    expect(globToRegExp('prod/*').test('prod/a/b')).toBe(true);
    expect(globListMatcher(['*.azurecr.io'], { caseInsensitive: true })('My.AzureCR.io')).toBe(true);
    expect(globListMatcher(['*.azurecr.io'])('azurecr.io.evil.com')).toBe(false);
  });

  it('with segments (repository patterns): * and ? stop at "/", ** crosses it', () => {
    const segments = (glob: string) => globToRegExp(glob, { segments: true, caseInsensitive: true });
    expect(segments('app/*').test('app/web')).toBe(true);
    expect(segments('app/*').test('app/web/api')).toBe(false);
    expect(segments('app/**').test('app/web/api')).toBe(true);
    expect(segments('app/?').test('app/w')).toBe(true);
    expect(segments('a?b').test('a/b')).toBe(false);
    expect(segments('App/*').test('app/web')).toBe(true);
    expect(segments('app.*').test('appx1')).toBe(false);
  });
});

describe('canonical JSON', () => {
  it('sorts keys recursively and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
    );
    expect(contentHash({ a: 1, b: 2 })).toBe(contentHash({ b: 2, a: 1 }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
  });

  it('refuses values that are not JSON', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
  });
});
