/**
 * Repository patterns: `*` matches within one path segment, `**` across segments, `?` one character.
 * "app/*" matches app/web but not app/web/api; "app/**" matches both. Compiled from an escaped
 * pattern, so a user's text never becomes a regular expression of their own.
 */
const cache = new Map<string, RegExp>();

export function globToRegExp(pattern: string): RegExp {
  let cached = cache.get(pattern);
  if (cached) return cached;
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  cached = new RegExp(`^${source}$`, 'i');
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, cached);
  return cached;
}

export function globMatches(pattern: string, value: string): boolean {
  return globToRegExp(pattern).test(value);
}

/** Characters allowed in a repository pattern (OCI repository names plus the wildcards). */
export const REPOSITORY_PATTERN = /^[a-z0-9._\-/*?]{1,256}$/i;
