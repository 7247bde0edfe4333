/**
 * What tells two close topics apart. "Create the registry with an ARM template" and "read the admin
 * password inside an ARM template" share ARM, template and registry; only "create" on one side and
 * "password" on the other decide between them. So each leading topic is credited for the part of the
 * question its phrasings use and its closest rival's phrasings do not (see `Features.distinct`).
 */
import type { KbIndex } from './index-builder.js';

/** A compound term (arm-vorlag, check-health): the analyzer also emits its parts, so its spelling is no concept of its own. */
export const COMPOUND = /^[\p{L}\p{N}]+([-./_][\p{L}\p{N}]+)+$/u;

/** The parts of a compound term (arm-vorlag → arm, vorlag). */
export function compoundParts(term: string): string[] {
  return term.split(/[-./_]/).filter(Boolean);
}

/** Topics (by score before this feature) that are contrasted with their closest rival. */
export const CONTRASTED = 5;

/** Per topic, the terms of its phrasings (questions and alternates), compounds left out. */
export function phrasingTermSets(index: KbIndex): Set<string>[] {
  const sets = Array.from({ length: index.topicIds.length }, () => new Set<string>());
  for (const [term, postings] of index.postings) {
    if (COMPOUND.test(term)) continue;
    for (const p of postings) sets[index.unitTopic[p.unit]!]!.add(term);
  }
  return sets;
}
