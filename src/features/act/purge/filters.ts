import { PurgeInputError } from './errors.js';
import { compileAnchoredSafeRegex, compileSafeRegex, type SafeRegex } from './safe-regex.js';

/**
 * `repoRegex:tagRegex` filters with acr purge semantics: the repository regex must match the whole
 * name (acr-cli wraps it in `^…$`), the tag regex matches anywhere in the tag (use `^…$` to anchor it).
 * Several filters for one repository are OR-ed.
 */
export interface TagFilter {
  readonly raw: string;
  readonly repository: SafeRegex;
  /** Undefined for a repository-only pattern (protection lists): every tag matches. */
  readonly tag?: SafeRegex;
}

/** Index of the one ':' that separates the two regexes: outside groups (`(?:…)`), classes and escapes. */
function separatorIndex(filter: string): number[] {
  const found: number[] = [];
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < filter.length; i++) {
    const c = filter[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ':' && depth === 0) found.push(i);
  }
  return found;
}

export function parseTagFilter(raw: string): TagFilter {
  const separators = separatorIndex(raw);
  if (separators.length === 0)
    throw new PurgeInputError('filter-syntax', { filter: raw, detail: "missing ':' between repository and tag" });
  if (separators.length > 1)
    throw new PurgeInputError('filter-syntax', { filter: raw, detail: "more than one ':' outside a group" });
  const repository = raw.slice(0, separators[0]);
  const tag = raw.slice(separators[0] + 1);
  if (repository === '')
    throw new PurgeInputError('filter-syntax', { filter: raw, detail: 'missing repository expression' });
  if (tag === '') throw new PurgeInputError('filter-syntax', { filter: raw, detail: 'missing tag expression' });
  return { raw, repository: compileAnchoredSafeRegex(repository), tag: compileSafeRegex(tag) };
}

/** Protection patterns: `repoRegex` protects a whole repository, `repoRegex:tagRegex` some tags. */
export function parseProtectionPattern(raw: string): TagFilter {
  if (separatorIndex(raw).length === 0) {
    if (raw === '') throw new PurgeInputError('filter-syntax', { filter: raw, detail: 'empty pattern' });
    return { raw, repository: compileAnchoredSafeRegex(raw) };
  }
  return parseTagFilter(raw);
}

/** The tag matcher that applies to one repository, or undefined when no filter selects it. */
export interface RepositoryTagMatcher {
  matches(tag: string): boolean;
}

export class TagFilterSet {
  private readonly filters: TagFilter[];
  constructor(filters: readonly TagFilter[]) {
    this.filters = [...filters];
  }

  static parse(raw: readonly string[]): TagFilterSet {
    return new TagFilterSet(raw.map(parseTagFilter));
  }

  static parseProtection(raw: readonly string[]): TagFilterSet {
    return new TagFilterSet(raw.map(parseProtectionPattern));
  }

  get size(): number {
    return this.filters.length;
  }

  forRepository(repository: string): RepositoryTagMatcher | undefined {
    const applicable = this.filters.filter((f) => f.repository.test(repository));
    if (applicable.length === 0) return undefined;
    if (applicable.some((f) => f.tag === undefined)) return { matches: () => true };
    return { matches: (tag) => applicable.some((f) => f.tag!.test(tag)) };
  }

  /** True when a pattern without a tag part covers the whole repository. */
  protectsWholeRepository(repository: string): boolean {
    return this.filters.some((f) => f.tag === undefined && f.repository.test(repository));
  }
}
