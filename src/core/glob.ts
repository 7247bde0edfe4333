/**
 * Shell-style globs for policy lists (`release-*`, `*.azurecr.io`, `prod/*`): `*` is any run of characters
 * (slashes included, so `prod/*` covers nested repositories), `?` is one character, everything else is
 * literal. Anchored, case-sensitive unless told otherwise. Deliberately tiny: no braces, no classes.
 */
export interface GlobOptions {
  caseInsensitive?: boolean;
}

export function globToRegExp(glob: string, options: GlobOptions = {}): RegExp {
  const body = [...glob]
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.+()|{}[\]]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, options.caseInsensitive ? 'iu' : 'u');
}

/** One matcher for a list of globs: true when any glob matches. */
export function globListMatcher(globs: readonly string[], options: GlobOptions = {}): (value: string) => boolean {
  const patterns = globs.map((glob) => globToRegExp(glob, options));
  return (value) => patterns.some((pattern) => pattern.test(value));
}
