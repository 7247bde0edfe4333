/**
 * A supervised view of the curated phrasings: multinomial naive Bayes over the index's phrasing units (every FAQ
 * question and alternate, each word counted once per phrasing), with additive smoothing. The counts are read from
 * the postings when asked, so phrasings accepted from feedback count at once and nothing is trained at build time.
 * Where the hand-made features look at one phrasing or one topic at a time, this weighs every word by how often
 * people asking about each topic used it, which ranks paraphrases and long messages well (scripts/kb-supervised.ts).
 * On its own it is overconfident and answers out-of-scope questions; the ranking model uses it as one feature.
 */
import type { KbIndex } from './index-builder.js';

/** Additive smoothing per word and topic. */
export const SMOOTHING = 0.1;

export class PhrasingBayes {
  private totals: Float64Array = new Float64Array(0);
  private units = -1;
  private readonly counts: Float64Array;
  private readonly logs: Float64Array;

  constructor(private readonly index: KbIndex) {
    this.counts = new Float64Array(index.topicIds.length);
    this.logs = new Float64Array(index.topicIds.length);
  }

  /** Whether a term was used by any phrasing (only those are evidence). */
  knows(term: string): boolean {
    return this.index.postings.has(term);
  }

  /** Posterior per topic (index order) of a question given its terms and each term's weight (1, or less when ruled out). */
  posterior(terms: ReadonlyMap<string, number>, temperature = 1): Float64Array {
    this.refresh();
    const { counts, logs, totals } = this;
    const topics = logs.length;
    logs.fill(0);
    for (const [term, weight] of terms) {
      const postings = this.index.postings.get(term);
      if (!postings) continue;
      counts.fill(0);
      for (const p of postings) counts[this.index.unitTopic[p.unit]!]! += 1;
      for (let t = 0; t < topics; t++) logs[t]! += weight * Math.log((counts[t]! + SMOOTHING) / totals[t]!);
    }
    let max = -Infinity;
    for (let t = 0; t < topics; t++) max = Math.max(max, logs[t]!);
    let sum = 0;
    for (let t = 0; t < topics; t++) sum += logs[t] = Math.exp(temperature * (logs[t]! - max));
    for (let t = 0; t < topics; t++) logs[t]! /= sum;
    return logs;
  }

  /** Per-topic word totals, recounted when phrasings were added since. */
  private refresh(): void {
    if (this.units === this.index.unitCount) return;
    const raw = new Float64Array(this.logs.length);
    for (const postings of this.index.postings.values())
      for (const p of postings) raw[this.index.unitTopic[p.unit]!]! += 1;
    const vocabularySize = this.index.postings.size;
    this.totals = raw.map((n) => n + SMOOTHING * vocabularySize);
    this.units = this.index.unitCount;
  }
}
