import { parseAgeInMs } from '../../../../src/features/act/purge/duration.js';
import { PurgeInputError } from '../../../../src/features/act/purge/errors.js';
import { parseTagFilter, TagFilterSet } from '../../../../src/features/act/purge/filters.js';
import { validatePurgeParams } from '../../../../src/features/act/purge/params.js';
import { compileSafeRegex, maxPatternLength } from '../../../../src/features/act/purge/safe-regex.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof PurgeInputError ? error.code : `not a PurgeInputError: ${String(error)}`;
  }
  return undefined;
}

describe('repo:tag filters (acr purge semantics)', () => {
  test('repository regex matches the whole name; tag regex matches anywhere', () => {
    const set = TagFilterSet.parse(['web:v1']);
    expect(set.forRepository('web')).toBeDefined();
    expect(set.forRepository('web-old')).toBeUndefined(); // anchored like acr-cli's ^repo$
    expect(set.forRepository('team/web')).toBeUndefined();
    const tags = set.forRepository('web')!;
    expect(tags.matches('v1')).toBe(true);
    expect(tags.matches('build-v1.2')).toBe(true); // unanchored, like Go's MatchString
    expect(tags.matches('v2')).toBe(false);
  });

  test('several filters for one repository are OR-ed; regex repositories select many', () => {
    const set = TagFilterSet.parse(['team/.*:^dev-', 'team/api:^pr-']);
    const api = set.forRepository('team/api')!;
    expect(api.matches('dev-1')).toBe(true);
    expect(api.matches('pr-7')).toBe(true);
    expect(api.matches('release')).toBe(false);
    expect(set.forRepository('team/web')!.matches('pr-7')).toBe(false);
  });

  test('a colon inside a non-capturing group or class does not split the filter', () => {
    const filter = parseTagFilter('(?:web|api):(?i:^DEV)');
    expect(filter.repository.test('api')).toBe(true);
    expect(filter.tag!.test('dev-3')).toBe(true);
    expect(parseTagFilter('web:[:]?x').tag!.test('x')).toBe(true);
  });

  test.each([
    ['web', 'filter-syntax'],
    [':v1', 'filter-syntax'],
    ['web:', 'filter-syntax'],
    ['web:a:b', 'filter-syntax'],
    ['web:(unclosed', 'regex-invalid'],
    ['web:(a)\\1', 'regex-invalid'], // backreferences are not linear-time: RE2 refuses them
    ['web:(?<=x)y', 'regex-invalid'],
  ])('%s is rejected with %s', (raw, code) => {
    expect(codeOf(() => parseTagFilter(raw))).toBe(code);
  });

  test('protection patterns: a bare repository regex protects the whole repository', () => {
    const protection = TagFilterSet.parseProtection(['prod-.*', 'web:^release-']);
    expect(protection.protectsWholeRepository('prod-api')).toBe(true);
    expect(protection.protectsWholeRepository('web')).toBe(false);
    expect(protection.forRepository('web')!.matches('release-1')).toBe(true);
    expect(protection.forRepository('web')!.matches('dev')).toBe(false);
  });
});

describe('regex safety', () => {
  test('catastrophic-backtracking patterns run in linear time on long input', () => {
    const hostile = compileSafeRegex('(a+)+$');
    const input = `${'a'.repeat(100_000)}!`;
    const started = performance.now();
    expect(hostile.test(input)).toBe(false);
    // A backtracking engine needs ~2^100000 steps here; RE2 is linear. The bound is generous on purpose.
    expect(performance.now() - started).toBeLessThan(5000);
    const nested = compileSafeRegex('^(a|aa)*(b|a*)*c$');
    expect(nested.test('a'.repeat(5000))).toBe(false);
  });

  test('patterns longer than the cap are refused', () => {
    expect(codeOf(() => compileSafeRegex('a'.repeat(maxPatternLength + 1)))).toBe('regex-too-long');
    expect(codeOf(() => compileSafeRegex('a'.repeat(maxPatternLength)))).toBeUndefined();
  });
});

describe('ago durations', () => {
  test.each([
    ['30d', 30 * 86_400_000],
    ['12h', 12 * 3_600_000],
    ['1d3h', 27 * 3_600_000],
    ['15m', 15 * 60_000],
    ['2h30m', 150 * 60_000],
    ['0d', 0],
    ['3650d', 3650 * 86_400_000],
  ])('%s = %i ms', (text, ms) => {
    expect(parseAgeInMs(text)).toBe(ms);
  });

  test.each(['', 'd', '30', '-1d', '1.5d', '3h1d', '30 days', '1d1d', '1w', 'NaN', '99999999999d'])(
    '%j is rejected',
    (text) => {
      expect(codeOf(() => parseAgeInMs(text))).toBe('duration-invalid');
    },
  );

  test('longer than the cap is a clear error, not silently capped', () => {
    expect(codeOf(() => parseAgeInMs('3651d'))).toBe('duration-too-long');
    expect(codeOf(() => parseAgeInMs('3650d1h'))).toBe('duration-too-long');
    expect(codeOf(() => parseAgeInMs('99999h'))).toBe('duration-too-long');
  });
});

describe('parameters', () => {
  test('untagged modes are refused on registries that cannot list untagged manifests', () => {
    const error = (() => {
      try {
        validatePurgeParams({ filters: ['web:.*'], ago: '1d', untaggedOnly: true }, { canListUntagged: false });
      } catch (e) {
        return e as PurgeInputError;
      }
    })();
    expect(error?.code).toBe('untagged-unsupported');
    expect(error?.message).toMatch(/OCI Distribution API/);
    expect(error?.localize('de')).toMatch(/ohne Tag/);
    expect(
      codeOf(() => validatePurgeParams({ filters: ['web:.*'], ago: '1d', untagged: true }, { canListUntagged: false })),
    ).toBe('untagged-unsupported');
    expect(
      codeOf(() => validatePurgeParams({ filters: ['web:.*'], ago: '1d', untagged: true }, { canListUntagged: true })),
    ).toBeUndefined();
    expect(
      codeOf(() =>
        validatePurgeParams(
          { filters: ['web:.*'], ago: '1d', untagged: true, untaggedOnly: true },
          { canListUntagged: true },
        ),
      ),
    ).toBe('untagged-conflict');
  });

  test('keep must be a non-negative integer; a filter and an age are required', () => {
    expect(
      codeOf(() => validatePurgeParams({ filters: ['web:.*'], ago: '1d', keep: -1 }, { canListUntagged: true })),
    ).toBe('keep-invalid');
    expect(
      codeOf(() => validatePurgeParams({ filters: ['web:.*'], ago: '1d', keep: 1.5 }, { canListUntagged: true })),
    ).toBe('keep-invalid');
    expect(codeOf(() => validatePurgeParams({ filters: [], ago: '1d' }, { canListUntagged: true }))).toBe(
      'filter-syntax',
    );
    expect(codeOf(() => validatePurgeParams({ filters: ['web:.*'] }, { canListUntagged: true }))).toBe(
      'duration-invalid',
    );
  });

  test('every error code has a message in all five languages', () => {
    const error = new PurgeInputError('duration-invalid', { value: 'x' });
    const texts = (['en', 'ja', 'zh-TW', 'de', 'sv'] as const).map((l) => error.localize(l));
    expect(new Set(texts).size).toBe(5);
    for (const text of texts) expect(text).toContain('"x"');
  });
});
