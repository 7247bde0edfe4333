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

/** How many nearest topics count as a topic's neighbours. */
const NEIGHBOURS_PER_TOPIC = 2;

/**
 * Topics that are each other's closest by the words of their phrasings (Jaccard of the term sets): slow
 * pull and slow push, GitLab triggers and supported git services. When the best answer's runner-up is such a
 * neighbour, a question that tells them apart poorly is easily answered with the wrong one of the pair.
 * Computed per topic on first use (only confident answers ask), so building a large index costs nothing.
 */
export class NeighbourTopics {
  private readonly nearest = new Map<number, Set<number>>();

  constructor(private readonly sets: readonly ReadonlySet<string>[]) {}

  areNeighbours(a: number, b: number): boolean {
    return this.of(a).has(b) || this.of(b).has(a);
  }

  private of(topic: number): Set<number> {
    let found = this.nearest.get(topic);
    if (!found) {
      const own = this.sets[topic]!;
      const similarity = this.sets.map((other, i) => (i === topic ? -1 : jaccard(own, other)));
      const order = similarity.map((_, i) => i).sort((x, y) => similarity[y]! - similarity[x]!);
      found = new Set(order.slice(0, NEIGHBOURS_PER_TOPIC));
      this.nearest.set(topic, found);
    }
    return found;
  }
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const term of small) if (large.has(term)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}
