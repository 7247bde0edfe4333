/**
 * Shell-style globs, compiled from escaped text so a user's pattern never becomes a regular expression of
 * their own. Two kinds of lists use them:
 * - policy lists (`release-*`, `*.azurecr.io`, `prod/*`): `*` is any run of characters, slashes included, so
 *   `prod/*` covers nested repositories; `?` is one character;
 * - repository patterns of alert subscriptions (`segments: true`): `*` stays within one path segment, `**`
 *   crosses segments, `?` is one character but not "/": `app/*` matches app/web, not app/web/api.
 * Anchored, case-sensitive unless told otherwise. Deliberately tiny: no braces, no classes.
 */
export interface GlobOptions {
  caseInsensitive?: boolean;
  /** `*` and `?` stop at "/", and `**` crosses it (repository patterns). */
  segments?: boolean;
}

export function globToRegExp(glob: string, options: GlobOptions = {}): RegExp {
  const { segments = false } = options;
  let body = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*' && segments && glob[i + 1] === '*') {
      body += '.*';
      i++;
    } else if (ch === '*') body += segments ? '[^/]*' : '.*';
    else if (ch === '?') body += segments ? '[^/]' : '.';
    else body += ch.replace(/[\\^$.+()|{}[\]]/g, '\\$&');
  }
  return new RegExp(`^${body}$`, options.caseInsensitive ? 'iu' : 'u');
}

/** One matcher for a list of globs: true when any glob matches. */
export function globListMatcher(globs: readonly string[], options: GlobOptions = {}): (value: string) => boolean {
  const patterns = globs.map((glob) => globToRegExp(glob, options));
  return (value) => patterns.some((pattern) => pattern.test(value));
}
