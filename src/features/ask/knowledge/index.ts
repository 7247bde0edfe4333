/** Entry point of the knowledge module: build the matcher from knowledge/ at start-up. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildEntries } from './ingest/build.js';
import { loadKnowledgeData, type KnowledgeData } from './manifest.js';
import { KbMatcher, type KbMatcherOptions } from './matcher.js';
import type { KbEntry } from './types.js';

export { KbMatcher, calibrate } from './matcher.js';
export type { KbMatcherOptions } from './matcher.js';
export { detectLanguage, langFromLocale } from './lang-detect.js';
export { KnowledgeDataError } from './manifest.js';

/**
 * knowledge/ at the repository root: the nearest ancestor of this module that has one. Found by search,
 * not a fixed depth, so the same code works from src/ (tsx) and from the compiled dist/src/.
 */
export const DEFAULT_KNOWLEDGE_DIR = findKnowledgeDir(import.meta.dirname);

function findKnowledgeDir(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'knowledge');
    if (existsSync(join(candidate, 'sources.yaml'))) return candidate;
    if (dirname(dir) === dir) return join(start, '..', '..', 'knowledge');
  }
}

export interface LoadedKnowledgeBase {
  matcher: KbMatcher;
  data: KnowledgeData;
  entries: KbEntry[];
  warnings: string[];
  buildTimeInMs: number;
}

export interface LoadFaqMatcherOptions extends KbMatcherOptions {
  /** Directory with sources.yaml, topics.tsv, topic-map.yaml, alternates/, synonyms.yaml. */
  knowledgeDir?: string;
}

/** Reads, validates and indexes the knowledge base. Throws KnowledgeDataError on invalid data files. */
export function loadFaqMatcher(options: LoadFaqMatcherOptions = {}): LoadedKnowledgeBase {
  const started = performance.now();
  const data = loadKnowledgeData(options.knowledgeDir ?? DEFAULT_KNOWLEDGE_DIR);
  const { entries, warnings } = buildEntries(data);
  const matcher = new KbMatcher(
    {
      topics: [...data.topics.keys()],
      entries,
      alternates: data.alternates,
      synonyms: data.synonyms,
      offTopic: data.offTopic,
      generalIt: data.generalIt,
    },
    {
      fallbackOrder: data.manifest.fallbackOrder,
      docsUrls: data.manifest.docs,
      locales: data.manifest.locales,
      ...options,
    },
  );
  return { matcher, data, entries, warnings, buildTimeInMs: performance.now() - started };
}
