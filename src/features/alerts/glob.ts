/**
 * Repository patterns of subscriptions: `*` within one path segment, `**` across segments, `?` one character,
 * case-insensitive (see src/core/glob.ts). Compiled once per pattern: the dispatcher matches every event
 * against every subscription of its registry.
 */
import { globToRegExp } from '../../core/glob.js';

const cache = new Map<string, RegExp>();

export function globMatches(pattern: string, value: string): boolean {
  let compiled = cache.get(pattern);
  if (!compiled) {
    compiled = globToRegExp(pattern, { segments: true, caseInsensitive: true });
    if (cache.size > 1000) cache.clear();
    cache.set(pattern, compiled);
  }
  return compiled.test(value);
}

/** Characters allowed in a repository pattern (OCI repository names plus the wildcards). */
export const REPOSITORY_PATTERN = /^[a-z0-9._\-/*?]{1,256}$/i;
