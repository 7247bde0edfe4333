import { RE2JS } from 're2js';
import { PurgeInputError } from './errors.js';

/** Long patterns cost compile time and memory even in a linear-time engine; real filters are short. */
export const maxPatternLength = 256;

export interface SafeRegex {
  readonly source: string;
  /** True when the pattern matches somewhere in the input (unanchored, like Go's MatchString). */
  test(input: string): boolean;
}

/**
 * Compiles a user-supplied regex with RE2 semantics (re2js): matching is linear in the input, so a
 * hostile pattern like `(a+)+$` cannot hang the process. Backreferences and lookarounds are rejected
 * by RE2 itself, with a clear error.
 */
export function compileSafeRegex(pattern: string): SafeRegex {
  if (pattern.length > maxPatternLength) {
    throw new PurgeInputError('regex-too-long', { length: pattern.length, max: maxPatternLength });
  }
  try {
    const compiled = RE2JS.compile(pattern);
    return { source: pattern, test: (input) => compiled.test(input) };
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
    throw new PurgeInputError('regex-invalid', { pattern, detail });
  }
}

/** Whole-string match: `^(?:pattern)$`, as acr purge does for repository names. */
export function compileAnchoredSafeRegex(pattern: string): SafeRegex {
  compileSafeRegex(pattern); // validates the user's own text so errors quote it, not our wrapper
  const anchored = compileSafeRegex(`^(?:${pattern})$`);
  return { source: pattern, test: anchored.test };
}
